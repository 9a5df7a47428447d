using System.Globalization;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// An alert as people read it: a one-line subject, a short text, and the attributes subscriptions filter on
/// (<c>metric</c> = <c>volume:btcusd</c>, <c>type</c>, <c>symbol</c>, <c>rule</c> = <c>spike</c> or a rule's name,
/// <c>kind</c> = <c>spike</c>, <c>above</c>, <c>below</c>, <c>change</c>, <c>spread</c>). The phrases here are the only
/// wording of an alert: SNS, email and every receiver format build on them.
/// </summary>
public sealed record AlertMessage(string Subject, string Body, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>SNS: a subject is ASCII, has no line breaks and is shorter than 100 characters.</summary>
    public const int MaxSubjectLength = 99;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static AlertMessage For(Alert alert, Uri? publicUrl)
    {
        var subject = alert.IsSpike
            ? $"CryptoTracker alert: {alert.Metric} at {Ratio(alert)} its last-hour average"
            : $"CryptoTracker alert: {alert.Metric} {Condition(alert)} [{alert.Rule}]";
        if (subject.Length > MaxSubjectLength) subject = subject[..MaxSubjectLength];

        List<string> lines = alert.IsSpike
            ? [$"{alert.Metric.Type} of {alert.Metric.Symbol} spiked.", ""]
            : [$"{alert.Metric.Type} of {alert.Metric.Symbol}: {Condition(alert)}.", "", Labelled("Rule", $"{alert.Rule} ({alert.Kind})")];
        lines.Add(Labelled("Metric", alert.Metric.ToString()));
        lines.Add(Labelled("Value", Number(alert.Value)));
        lines.AddRange(Figures(alert).Select(f => Labelled(f.Label, f.Value)));
        if (alert.IsSpike) lines.Add(Labelled("Ratio", $"{Ratio(alert)} the average"));
        lines.Add(Labelled("Time", alert.T.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv)));
        if (publicUrl is not null) lines.Add(Labelled("Dashboard", MetricLink(publicUrl, alert)));
        lines.Add("");
        lines.Add($"Alert id: {alert.Id}");

        return new AlertMessage(subject, string.Join('\n', lines),
        [
            new("metric", alert.Metric.ToString()),
            new("type", alert.Metric.Type),
            new("symbol", alert.Metric.Symbol),
            new("rule", alert.Rule),
            new("kind", alert.Kind),
        ]);
    }

    /// <summary>
    /// One line for a notification preview: <c>volume:btcusd 12.5 is 5x its last-hour average (2.5)</c>;
    /// <c>price:usdcusd at 0.93, below 0.95 [usdc-depeg]</c>.
    /// </summary>
    public static string Line(Alert alert) => alert.IsSpike
        ? $"{alert.Metric} {Number(alert.Value)} is {Ratio(alert)} its last-hour average ({Number(alert.Average)})"
        : $"{alert.Metric} at {Number(alert.Value)}, {Condition(alert)} [{alert.Rule}]";

    /// <summary>
    /// What held, in a few words: <c>5x its last-hour average</c>, <c>above 80000</c>, <c>below 0.95</c>,
    /// <c>moved -5.2% (limit 5%)</c>, <c>markets 1.2% apart (limit 1%)</c>.
    /// </summary>
    public static string Condition(Alert alert)
    {
        var threshold = alert.Threshold is { } t ? Number(t) : "?";
        var percent = ((alert.Ratio - 1) * 100).ToString("+0.##;-0.##;0", Inv);
        return alert.Kind switch
        {
            AlertKind.Spike => $"{Ratio(alert)} its last-hour average",
            AlertKind.Above => $"above {threshold}",
            AlertKind.Below => $"below {threshold}",
            AlertKind.Change => $"moved {percent}% (limit {threshold}%)",
            AlertKind.Spread => $"markets {percent.TrimStart('+')}% apart (limit {threshold}%)",
            _ => $"rule {alert.Rule}",
        };
    }

    /// <summary>
    /// The figures the value was compared with, labelled: the last-hour average (spike), the level (above, below), the
    /// earlier value (change), the lowest and highest market price (spread).
    /// </summary>
    public static IReadOnlyList<(string Label, string Value)> Figures(Alert alert) => alert.Kind switch
    {
        AlertKind.Spike => [("Last-hour average", Number(alert.Average))],
        AlertKind.Above or AlertKind.Below => [("Level", alert.Threshold is { } t ? Number(t) : Number(alert.Average))],
        AlertKind.Change => [("Earlier value", Number(alert.Average))],
        AlertKind.Spread => [("Lowest market", Number(alert.Average)), ("Highest market", Number(alert.Average * alert.Ratio))],
        _ => [("Reference", Number(alert.Average))],
    };

    /// <summary>A value as alerts show it: up to 10 significant digits, invariant culture.</summary>
    public static string Number(double v) => v.ToString("G10", Inv);

    /// <summary>The spike ratio as people read it: <c>5x</c>, <c>3.25x</c>.</summary>
    public static string Ratio(Alert alert) => alert.Ratio.ToString("0.##", Inv) + "x";

    private static string Labelled(string label, string value) => $"{label + ":",-19}{value}";

    /// <summary>{PublicUrl}/metric/{type}/{symbol}; types and symbols are URL-safe by construction (see MetricId).</summary>
    public static string MetricLink(Uri publicUrl, Alert alert) =>
        $"{publicUrl.AbsoluteUri.TrimEnd('/')}/metric/{Uri.EscapeDataString(alert.Metric.Type)}/{Uri.EscapeDataString(alert.Metric.Symbol)}";
}
