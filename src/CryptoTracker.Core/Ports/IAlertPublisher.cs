using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Core.Ports;

/// <summary>Sends one alert to the people subscribed to alerts. Adapter: SNS (CryptoTracker.Sns).</summary>
public interface IAlertPublisher
{
    /// <summary>Returns when the channel accepted the alert; throws <see cref="NotificationException"/> when it did not.</summary>
    Task PublishAsync(Alert alert, CancellationToken ct);
}
