using System.Globalization;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// An alert as people read it: a one-line subject, a short text, and the attributes subscriptions filter on
/// (<c>metric</c> = <c>volume:btcusd</c>, <c>type</c>, <c>symbol</c>, <c>rule</c> = <c>spike</c> or a rule's name,
/// <c>kind</c> = <c>spike</c>, <c>above</c>, <c>below</c>, <c>change</c>, <c>spread</c>). The phrases here are the only
/// wording of an alert: SNS, email and every receiver format build on them, the same way for every kind; what differs by
/// kind is one entry of the table below (what held, and the figures the value was compared with).
/// </summary>
public sealed record AlertMessage(string Subject, string Body, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>SNS: a subject is ASCII, has no line breaks and is shorter than 100 characters.</summary>
    public const int MaxSubjectLength = 99;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record KindText(Func<Alert, string> Condition, Func<Alert, (string Label, string Value)[]> Figures);

    private static readonly Dictionary<string, KindText> Kinds = new(StringComparer.Ordinal)
    {
        [AlertKind.Spike] = new(a => $"at {Ratio(a)} its last-hour average",
            a => [("Last-hour average", Number(a.Reference)), ("Ratio", Ratio(a))]),
        [AlertKind.Above] = new(a => $"above {Threshold(a)}", a => [("Level", Threshold(a))]),
        [AlertKind.Below] = new(a => $"below {Threshold(a)}", a => [("Level", Threshold(a))]),
        [AlertKind.Change] = new(a => $"moved {Percent(a)}% (limit {Threshold(a)}%)", a => [("Earlier value", Number(a.Reference))]),
        [AlertKind.Spread] = new(a => $"{Percent(a).TrimStart('+')}% apart across markets (limit {Threshold(a)}%)",
            a => [("Lowest market", Number(a.Reference)), ("Highest market", Number(a.Reference * a.Ratio))]),
    };

    private static readonly KindText Unknown = new(a => $"rule {a.Rule}", a => [("Reference", Number(a.Reference))]);

    public static AlertMessage For(Alert alert, Uri? publicUrl)
    {
        var subject = $"CryptoTracker alert: {Title(alert)} [{alert.Rule}]";
        if (subject.Length > MaxSubjectLength) subject = subject[..MaxSubjectLength];

        List<string> lines =
        [
            $"{alert.Metric.Type} of {alert.Metric.Symbol} {Condition(alert)}.",
            "",
            Labelled("Rule", $"{alert.Rule} ({alert.Kind})"),
            Labelled("Metric", alert.Metric.ToString()),
            Labelled("Value", Number(alert.Value)),
            .. Figures(alert).Select(f => Labelled(f.Label, f.Value)),
            Labelled("Time", alert.T.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv)),
        ];
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

    /// <summary>What held, in a few words: <c>volume:btcusd at 5x its last-hour average</c>, <c>price:usdcusd below 0.95</c>.</summary>
    public static string Title(Alert alert) => $"{alert.Metric} {Condition(alert)}";

    /// <summary>
    /// One line for a notification preview: <c>volume:btcusd at 5x its last-hour average, now 12.5 [spike]</c>;
    /// <c>price:usdcusd below 0.95, now 0.93 [usdc-depeg]</c>.
    /// </summary>
    public static string Line(Alert alert) => $"{Title(alert)}, now {Number(alert.Value)} [{alert.Rule}]";

    /// <summary>
    /// What held, after the metric's name: <c>at 5x its last-hour average</c>, <c>above 80000</c>, <c>below 0.95</c>,
    /// <c>moved -5.2% (limit 5%)</c>, <c>1.2% apart across markets (limit 1%)</c>.
    /// </summary>
    public static string Condition(Alert alert) => KindOf(alert).Condition(alert);

    /// <summary>
    /// The figures the value was compared with, labelled: the last-hour average and the ratio (spike), the level (above,
    /// below), the earlier value (change), the lowest and highest market price (spread).
    /// </summary>
    public static IReadOnlyList<(string Label, string Value)> Figures(Alert alert) => KindOf(alert).Figures(alert);

    /// <summary>The figures in one phrase: <c>last-hour average 2.5, ratio 5x</c>.</summary>
    public static string FiguresText(Alert alert) => string.Join(", ", Figures(alert).Select(f => $"{f.Label.ToLowerInvariant()} {f.Value}"));

    /// <summary>A value as alerts show it: up to 10 significant digits, invariant culture.</summary>
    public static string Number(double v) => v.ToString("G10", Inv);

    /// <summary>The ratio as people read it: <c>5x</c>, <c>3.25x</c>.</summary>
    public static string Ratio(Alert alert) => alert.Ratio.ToString("0.##", Inv) + "x";

    /// <summary>{PublicUrl}/metric/{type}/{symbol}; types and symbols are URL-safe by construction (see MetricId).</summary>
    public static string MetricLink(Uri publicUrl, Alert alert) =>
        $"{publicUrl.AbsoluteUri.TrimEnd('/')}/metric/{Uri.EscapeDataString(alert.Metric.Type)}/{Uri.EscapeDataString(alert.Metric.Symbol)}";

    private static KindText KindOf(Alert alert) => Kinds.GetValueOrDefault(alert.Kind) ?? Unknown;

    private static string Threshold(Alert alert) => alert.Threshold is { } t ? Number(t) : Number(alert.Reference);

    private static string Percent(Alert alert) => ((alert.Ratio - 1) * 100).ToString("+0.##;-0.##;0", Inv);

    private static string Labelled(string label, string value) => $"{label + ":",-19}{value}";
}
