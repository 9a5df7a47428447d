namespace CryptoTracker.Core.Alerts;

/// <summary>
/// Every delivery channel of this process (SNS, the receivers), run side by side after each committed tick: a slow or failing
/// channel never holds back another, and none can fail the tick (each dispatcher catches its own failures).
/// </summary>
public sealed class AlertDelivery(IReadOnlyList<AlertDispatcher> channels)
{
    public IReadOnlyList<AlertDispatcher> Channels { get; } = channels;

    /// <summary>The SNS channel, when a topic is configured.</summary>
    public AlertDispatcher? Sns => Channels.FirstOrDefault(c => c.Channel == AlertChannels.Sns);

    public IEnumerable<AlertDispatcher> Receivers => Channels.Where(c => c.Channel.StartsWith(AlertChannels.ReceiverPrefix, StringComparison.Ordinal));

    /// <param name="ignoreBackoff">
    /// Run every channel now even if it is backing off: for a caller whose clock no longer moves (a finished replay) and that
    /// spaces its own calls.
    /// </param>
    public async Task<IReadOnlyList<(AlertDispatcher Channel, DispatchReport Report)>> DispatchAsync(bool ignoreBackoff, CancellationToken ct)
    {
        var reports = await Task.WhenAll(Channels.Select(c => c.DispatchAsync(ignoreBackoff, ct)));
        return Channels.Zip(reports).ToList();
    }

    /// <summary>One run of every channel, summed (for the tick's report).</summary>
    public async Task<DispatchReport> DispatchAllAsync(bool ignoreBackoff, CancellationToken ct)
    {
        var reports = await DispatchAsync(ignoreBackoff, ct);
        return new DispatchReport(reports.Sum(r => r.Report.Published), reports.Sum(r => r.Report.Failed), reports.Sum(r => r.Report.Pending));
    }

    /// <summary>The last error of a failing channel, named, for the log line of a run.</summary>
    public string? LastError => Channels.Where(c => c.Health.ConsecutiveFailures > 0).Select(c => $"{c.Channel}: {c.Health.LastError}").FirstOrDefault();
}
