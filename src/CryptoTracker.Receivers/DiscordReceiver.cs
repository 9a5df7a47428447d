using System.Net.Http.Json;
using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Receivers;

/// <summary>A Discord webhook: <c>content</c> for the notification, an embed with value, average, ratio, time and link.</summary>
public sealed class DiscordReceiver(HttpClient http, ReceiverOptions options, Uri? publicUrl) : HttpReceiver(http, options)
{
    private const int Orange = 0xE67E22;

    public static DiscordPayload Payload(Alert a, Uri? publicUrl) => new(
        $"CryptoTracker alert: {AlertText.Line(a)}",
        [
            new DiscordEmbed($"{a.Metric} at {AlertText.Ratio(a)} its last-hour average", $"{a.Metric.Type} of {a.Metric.Symbol} spiked at {AlertText.Time(a)}.",
                AlertText.Link(a, publicUrl), a.T.UtcDateTime, Orange,
                [
                    new DiscordField("Value", AlertText.Value(a.Value), true),
                    new DiscordField("Last-hour average", AlertText.Value(a.Average), true),
                    new DiscordField("Ratio", AlertText.Ratio(a), true),
                ]),
        ],
        new DiscordMentions([]));

    protected override HttpRequestMessage CreateRequest(Alert alert) => new(HttpMethod.Post, Url)
    {
        Content = JsonContent.Create(Payload(alert, publicUrl), ReceiversJsonContext.Default.DiscordPayload),
    };
}
