using CryptoTracker.Core.Ports;

namespace CryptoTracker.Receivers;

public static class Receivers
{
    public const string HttpClientName = "receivers";

    /// <summary>The adapter for one validated receiver; its timeouts run on <paramref name="clock"/>.</summary>
    public static IAlertPublisher Create(ReceiverOptions options, HttpClient http, Uri? publicUrl, TimeProvider clock) => options.Kind switch
    {
        "webhook" => new WebhookReceiver(http, options, publicUrl, clock),
        "slack" => new SlackReceiver(http, options, publicUrl, clock),
        "discord" => new DiscordReceiver(http, options, publicUrl, clock),
        "ntfy" => new NtfyReceiver(http, options, publicUrl, clock),
        "email" => new EmailReceiver(options, publicUrl, clock),
        _ => throw new ArgumentException($"Unknown receiver type '{options.Type}'.", nameof(options)),
    };
}
