using System.Globalization;

namespace CryptoTracker.Core.Alerts;

/// <summary>
/// An alert as people read it: a one-line subject, a short text, and the attributes subscriptions filter on
/// (<c>metric</c> = <c>volume:btcusd</c>, <c>type</c>, <c>symbol</c>).
/// </summary>
public sealed record AlertMessage(string Subject, string Body, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>SNS: a subject is ASCII, has no line breaks and is shorter than 100 characters.</summary>
    public const int MaxSubjectLength = 99;

    public static AlertMessage For(Alert alert, Uri? publicUrl)
    {
        var inv = CultureInfo.InvariantCulture;
        var ratio = alert.Ratio.ToString("0.##", inv);
        var subject = $"CryptoTracker alert: {alert.Metric} at {ratio}x its last-hour average";
        if (subject.Length > MaxSubjectLength) subject = subject[..MaxSubjectLength];

        var lines = new List<string>
        {
            $"{alert.Metric.Type} of {alert.Metric.Symbol} spiked.",
            "",
            $"Metric:            {alert.Metric}",
            $"Value:             {alert.Value.ToString("G10", inv)}",
            $"Last-hour average: {alert.Average.ToString("G10", inv)}",
            $"Ratio:             {ratio}x the average",
            $"Time:              {alert.T.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", inv)}",
        };
        if (publicUrl is not null) lines.Add($"Dashboard:         {MetricLink(publicUrl, alert)}");
        lines.Add("");
        lines.Add($"Alert id: {alert.Id}");

        return new AlertMessage(subject, string.Join('\n', lines),
        [
            new("metric", alert.Metric.ToString()),
            new("type", alert.Metric.Type),
            new("symbol", alert.Metric.Symbol),
        ]);
    }

    /// <summary>{PublicUrl}/metric/{type}/{symbol}; types and symbols are URL-safe by construction (see MetricId).</summary>
    public static string MetricLink(Uri publicUrl, Alert alert) =>
        $"{publicUrl.AbsoluteUri.TrimEnd('/')}/metric/{Uri.EscapeDataString(alert.Metric.Type)}/{Uri.EscapeDataString(alert.Metric.Symbol)}";
}
