using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Receivers;

/// <summary>The short phrases chat and push receivers show, readable in a phone's notification preview (see <see cref="AlertMessage"/>).</summary>
internal static class AlertText
{
    public static string Value(double v) => AlertMessage.Number(v);
    public static string Ratio(Alert a) => AlertMessage.Ratio(a);
    public static string Time(Alert a) => a.T.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>volume:btcusd at 5x its last-hour average, now 12.5 [spike]</c>; <c>price:usdcusd below 0.95, now 0.93 [usdc-depeg]</c></summary>
    public static string Line(Alert a) => AlertMessage.Line(a);

    /// <summary>A title: <c>volume:btcusd at 5x its last-hour average</c>; <c>price:usdcusd below 0.95</c>.</summary>
    public static string Title(Alert a) => AlertMessage.Title(a);

    /// <summary>Up for a spike, a break above or a rise; down for a break below or a fall; both ways for a spread.</summary>
    public static string Trend(Alert a) => a.Kind switch
    {
        AlertKind.Below => "chart_with_downwards_trend",
        AlertKind.Change when a.Ratio < 1 => "chart_with_downwards_trend",
        AlertKind.Spread => "left_right_arrow",
        _ => "chart_with_upwards_trend",
    };

    public static string? Link(Alert a, Uri? publicUrl) => publicUrl is null ? null : AlertMessage.MetricLink(publicUrl, a);
}
