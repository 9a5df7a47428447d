using CryptoTracker.Core.Ports;

namespace CryptoTracker.Receivers;

public static class Receivers
{
    public const string HttpClientName = "receivers";

    /// <summary>The adapter for one validated receiver.</summary>
    public static IAlertPublisher Create(ReceiverOptions options, HttpClient http, Uri? publicUrl) => options.Kind switch
    {
        "webhook" => new WebhookReceiver(http, options, publicUrl),
        "slack" => new SlackReceiver(http, options, publicUrl),
        "discord" => new DiscordReceiver(http, options, publicUrl),
        "ntfy" => new NtfyReceiver(http, options, publicUrl),
        "email" => new EmailReceiver(options, publicUrl),
        _ => throw new ArgumentException($"Unknown receiver type '{options.Type}'.", nameof(options)),
    };
}
