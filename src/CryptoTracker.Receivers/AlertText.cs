using System.Globalization;
using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Receivers;

/// <summary>The short phrases chat and push receivers show: readable in a phone's notification preview.</summary>
internal static class AlertText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Value(double v) => v.ToString("G10", Inv);
    public static string Ratio(Alert a) => a.Ratio.ToString("0.##", Inv) + "x";
    public static string Time(Alert a) => a.T.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv);

    /// <summary><c>volume:btcusd 12.5 is 5x its last-hour average (2.5)</c></summary>
    public static string Line(Alert a) => $"{a.Metric} {Value(a.Value)} is {Ratio(a)} its last-hour average ({Value(a.Average)})";

    public static string? Link(Alert a, Uri? publicUrl) => publicUrl is null ? null : AlertMessage.MetricLink(publicUrl, a);
}
