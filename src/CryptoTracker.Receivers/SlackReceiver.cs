using System.Net.Http.Json;
using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Receivers;

/// <summary>A Slack incoming webhook: <c>text</c> for the notification, one mrkdwn section with value, what it was compared with, time and link.</summary>
public sealed class SlackReceiver(HttpClient http, ReceiverOptions options, Uri? publicUrl, TimeProvider clock) : HttpReceiver(http, options, clock)
{
    public static SlackPayload Payload(Alert a, Uri? publicUrl)
    {
        var text = $"CryptoTracker alert: {AlertText.Line(a)}";
        var detail = $"*{a.Metric}* {AlertMessage.Condition(a)} (rule *{a.Rule}*)\nValue *{AlertText.Value(a.Value)}*, {AlertMessage.FiguresText(a)}\n{AlertText.Time(a)}";
        if (AlertText.Link(a, publicUrl) is { } link) detail += $"\n<{link}|Open the chart>";
        return new SlackPayload(text, [new SlackBlock("section", new SlackText("mrkdwn", detail))]);
    }

    protected override HttpRequestMessage CreateRequest(Alert alert) => new(HttpMethod.Post, Url)
    {
        Content = JsonContent.Create(Payload(alert, publicUrl), ReceiversJsonContext.Default.SlackPayload),
    };
}
