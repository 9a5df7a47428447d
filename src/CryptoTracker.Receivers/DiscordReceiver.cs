using System.Net.Http.Json;
using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Receivers;

/// <summary>A Discord webhook: <c>content</c> for the notification, an embed with value, what it was compared with, time and link.</summary>
public sealed class DiscordReceiver(HttpClient http, ReceiverOptions options, Uri? publicUrl, TimeProvider clock) : HttpReceiver(http, options, clock)
{
    private const int Orange = 0xE67E22;

    public static DiscordPayload Payload(Alert a, Uri? publicUrl) => new(
        $"CryptoTracker alert: {AlertText.Line(a)}",
        [
            new DiscordEmbed(AlertText.Title(a),
                $"Rule {a.Rule} ({a.Kind}) at {AlertText.Time(a)}.",
                AlertText.Link(a, publicUrl), a.T.UtcDateTime, Orange,
                [
                    new DiscordField("Value", AlertText.Value(a.Value), true),
                    .. AlertMessage.Figures(a).Select(f => new DiscordField(f.Label, f.Value, true)),
                ]),
        ],
        new DiscordMentions([]));

    protected override HttpRequestMessage CreateRequest(Alert alert) => new(HttpMethod.Post, Url)
    {
        Content = JsonContent.Create(Payload(alert, publicUrl), ReceiversJsonContext.Default.DiscordPayload),
    };
}
