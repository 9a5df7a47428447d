using System.Net.Http.Headers;
using System.Text;
using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Receivers;

/// <summary>
/// ntfy (https://ntfy.sh or a self-hosted server): a POST of plain text to the topic URL, with Title, Priority, Tags and, when
/// Tracker:PublicUrl is set, Click (tapping the notification opens the metric's chart). No account is needed for a topic.
/// </summary>
public sealed class NtfyReceiver(HttpClient http, ReceiverOptions options, Uri? publicUrl, TimeProvider clock) : HttpReceiver(http, options, clock)
{
    public static string Title(Alert a) => AlertText.Title(a);

    public static string Message(Alert a) =>
        $"{a.Metric.Type} of {a.Metric.Symbol}: {AlertText.Value(a.Value)}, {AlertMessage.FiguresText(a)} (rule {a.Rule}), at {AlertText.Time(a)}";

    protected override HttpRequestMessage CreateRequest(Alert alert)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url)
        {
            Content = new StringContent(Message(alert), Encoding.UTF8, "text/plain"),
        };
        // Header values are ASCII here by construction (metric ids, rule names, numbers).
        request.Headers.TryAddWithoutValidation("Title", Title(alert));
        request.Headers.TryAddWithoutValidation("Priority", Options.Priority);
        request.Headers.TryAddWithoutValidation("Tags", $"{AlertText.Trend(alert)},{alert.Metric.Type}");
        if (AlertText.Link(alert, publicUrl) is { } link) request.Headers.TryAddWithoutValidation("Click", link);
        if (Options.Token is { Length: > 0 } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
