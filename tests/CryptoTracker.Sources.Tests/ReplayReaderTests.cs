using CryptoTracker.Sources.Replay;

namespace CryptoTracker.Sources.Tests;

public class ReplayReaderTests
{
    private static async Task<List<string>> Read(string csv)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, csv);
        try
        {
            var minutes = new List<string>();
            await foreach (var m in ReplayReader.ReadAsync(file, CancellationToken.None))
                minutes.Add($"{m.Minute:HH:mm} " + string.Join(" ", m.Quotes.Select(q => $"{q.Metric}={q.Value}")));
            return minutes;
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Read_GroupsRowsByMinuteAndSkipsEmptyCells()
    {
        var minutes = await Read("""
            time,symbol,price,volume
            2023-03-10T00:00:00Z,btcusd,20000.5,12
            2023-03-10T00:00:00Z,ETHUSD,1500,
            2023-03-10T00:01:30Z,btcusd,,13
            """);

        Assert.Equal(["00:00 price:btcusd=20000.5 volume:btcusd=12 price:ethusd=1500", "00:01 volume:btcusd=13"], minutes);
    }

    [Theory]
    [InlineData("symbol,time,price\n", "line 1")]
    [InlineData("time,symbol,Pri$e\n", "line 1")]
    [InlineData("time,symbol,price\n2023-03-10T00:01:00Z,btcusd,1\n2023-03-10T00:00:00Z,btcusd,2\n", "line 3: rows must be in time order")]
    [InlineData("time,symbol,price\nyesterday,btcusd,1\n", "line 2")]
    [InlineData("time,symbol,price\n2023-03-10T00:00:00Z,btcusd,abc\n", "line 2")]
    [InlineData("time,symbol,price\n2023-03-10T00:00:00Z,btcusd\n", "line 2: expected 3 cells")]
    public async Task Read_OnAMalformedFile_NamesTheLine(string csv, string expected)
    {
        var ex = await Assert.ThrowsAsync<ReplayFormatException>(() => Read(csv));
        Assert.Contains(expected, ex.Message);
    }
}
