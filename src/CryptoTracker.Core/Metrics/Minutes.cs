namespace CryptoTracker.Core.Metrics;

public static class Minutes
{
    /// <summary>Truncates to the UTC minute: the identity of a point.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }
}
