using System.Globalization;
using CryptoTracker.Core.Alerts.Rules;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// An alert as people read it: a one-line subject, a short text, and the attributes subscriptions filter on
/// (<c>metric</c> = <c>volume:btcusd</c>, <c>type</c>, <c>symbol</c>, <c>rule</c> = <c>spike</c> or a rule's name,
/// <c>kind</c> = <c>spike</c>, <c>above</c>, <c>below</c>, <c>change</c>, <c>spread</c>).
/// </summary>
public sealed record AlertMessage(string Subject, string Body, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>SNS: a subject is ASCII, has no line breaks and is shorter than 100 characters.</summary>
    public const int MaxSubjectLength = 99;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static AlertMessage For(Alert alert, Uri? publicUrl)
    {
        var (subject, lines) = alert.IsSpike ? Spike(alert) : Rule(alert);
        if (subject.Length > MaxSubjectLength) subject = subject[..MaxSubjectLength];
        lines.Add($"Time:              {alert.T.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv)}");
        if (publicUrl is not null) lines.Add($"Dashboard:         {MetricLink(publicUrl, alert)}");
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

    private static (string Subject, List<string> Lines) Spike(Alert alert)
    {
        var ratio = alert.Ratio.ToString("0.##", Inv);
        return ($"CryptoTracker alert: {alert.Metric} at {ratio}x its last-hour average",
        [
            $"{alert.Metric.Type} of {alert.Metric.Symbol} spiked.",
            "",
            $"Metric:            {alert.Metric}",
            $"Value:             {Number(alert.Value)}",
            $"Last-hour average: {Number(alert.Average)}",
            $"Ratio:             {ratio}x the average",
        ]);
    }

    private static (string Subject, List<string> Lines) Rule(Alert alert)
    {
        var threshold = alert.Threshold is { } t ? Number(t) : "?";
        var percent = ((alert.Ratio - 1) * 100).ToString("+0.##;-0.##;0", Inv);
        var (what, reference) = alert.Kind switch
        {
            AlertKind.Above => ($"above {threshold}", $"Level:             {threshold}"),
            AlertKind.Below => ($"below {threshold}", $"Level:             {threshold}"),
            AlertKind.Change => ($"moved {percent}% (limit {threshold}%)", $"Earlier value:     {Number(alert.Average)}"),
            AlertKind.Spread => ($"markets {percent}% apart (limit {threshold}%)", $"Lowest market:     {Number(alert.Average)}\nHighest market:    {Number(alert.Average * alert.Ratio)}"),
            _ => ($"rule {alert.Rule}", $"Reference:         {Number(alert.Average)}"),
        };
        return ($"CryptoTracker alert: {alert.Metric} {what} [{alert.Rule}]",
        [
            $"{alert.Metric.Type} of {alert.Metric.Symbol}: {what}.",
            "",
            $"Rule:              {alert.Rule} ({alert.Kind})",
            $"Metric:            {alert.Metric}",
            $"Value:             {Number(alert.Value)}",
            .. reference.Split('\n'),
        ]);
    }

    private static string Number(double v) => v.ToString("G10", Inv);

    /// <summary>{PublicUrl}/metric/{type}/{symbol}; types and symbols are URL-safe by construction (see MetricId).</summary>
    public static string MetricLink(Uri publicUrl, Alert alert) =>
        $"{publicUrl.AbsoluteUri.TrimEnd('/')}/metric/{Uri.EscapeDataString(alert.Metric.Type)}/{Uri.EscapeDataString(alert.Metric.Symbol)}";
}
