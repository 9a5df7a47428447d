namespace CryptoTracker.Core.Ports;

/// <summary>Sends one transactional text message to a phone number (the SMS confirmation code). Adapter: SNS Publish.</summary>
public interface ITextMessageSender
{
    /// <summary>Returns when the channel accepted the message; throws <see cref="NotificationException"/> when it did not.</summary>
    Task SendAsync(string phoneNumber, string message, CancellationToken ct);
}
