using System.Globalization;
using System.Text;

namespace CryptoTracker.Api.Tests;

/// <summary>A raw minute of a real series: the exchange's own text for close and volume, so values round-trip exactly.</summary>
public sealed record RawMinute(DateTime T, string Symbol, string Close, string Volume);

public static class ReplayFiles
{
    /// <summary>Binance.US klines (open_time,open,high,low,close,volume) between two times, for one symbol.</summary>
    public static List<RawMinute> BinanceUs(string pair, string symbol, DateTime from, DateTime to)
    {
        var path = SharedData.RequireFile($"minute/binanceus_2023-03/{pair}_1m_20230301_20230321.csv");
        return File.ReadLines(path).Skip(1).Select(l => l.Split(','))
            .Select(c => new RawMinute(DateTime.Parse(c[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), symbol, c[4], c[5]))
            .Where(r => r.T >= from && r.T < to).ToList();
    }

    /// <summary>Kraken's downloadable OHLCVT (unix,open,high,low,close,volume,trades): minutes without trades are absent.</summary>
    public static List<RawMinute> KrakenOhlcvt(string symbol, DateTime from, DateTime to)
    {
        var path = SharedData.RequireFile("minute/kraken_btcusdc_2023q1/XBTUSDC_1m_2023Q1.csv");
        return File.ReadLines(path).Select(l => l.Split(','))
            .Select(c => new RawMinute(DateTime.UnixEpoch.AddSeconds(long.Parse(c[0], CultureInfo.InvariantCulture)), symbol, c[4], c[5]))
            .Where(r => r.T >= from && r.T < to).ToList();
    }

    /// <summary>60 h around the March 2023 USDC de-peg: Binance.US BTC/USD, BTC/USDT, BTC/USDC and Kraken's gappy BTC/USDC.</summary>
    public static List<RawMinute> DePegDays(DateTime from, DateTime to) =>
    [
        .. BinanceUs("BTCUSD", "btcusd", from, to),
        .. BinanceUs("BTCUSDT", "btcusdt", from, to),
        .. BinanceUs("BTCUSDC", "btcusdc", from, to),
        .. KrakenOhlcvt("btcusdc-kraken", from, to),
    ];

    public static string Write(string folder, IEnumerable<RawMinute> rows)
    {
        var sb = new StringBuilder("time,symbol,price,volume\n");
        foreach (var r in rows.OrderBy(r => r.T).ThenBy(r => r.Symbol, StringComparer.Ordinal))
            sb.Append(r.T.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',').Append(r.Symbol).Append(',')
              .Append(r.Close).Append(',').Append(r.Volume).Append('\n');
        var path = Path.Combine(folder, $"replay-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
