using CryptoTracker.Core.Alerts;

namespace CryptoTracker.DynamoDb;

/// <summary>The alert outbox per channel (the marks live on the alert items: <see cref="AlertItems"/>).</summary>
public sealed partial class DynamoDbMetricStore
{
    public Task<IReadOnlyList<Alert>> GetUndeliveredAlertsAsync(string channel, DateTimeOffset after, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        return _alerts.QueryAsync(after, undeliveredTo: channel, ct);
    }

    public Task MarkDeliveredAsync(string channel, IReadOnlyList<string> alertIds, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        return _alerts.MarkDeliveredAsync(channel, alertIds, at, ct);
    }
}
