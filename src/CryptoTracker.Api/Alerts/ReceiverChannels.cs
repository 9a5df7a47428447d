using CryptoTracker.Core.Alerts;
using CryptoTracker.Receivers;

namespace CryptoTracker.Api.Alerts;

/// <summary>One dispatcher per configured receiver, with the settings health shows.</summary>
public sealed class ReceiverChannels(IReadOnlyList<(ReceiverOptions Options, AlertDispatcher Dispatcher)> channels)
{
    public IReadOnlyList<(ReceiverOptions Options, AlertDispatcher Dispatcher)> Channels { get; } = channels;
    public IEnumerable<AlertDispatcher> Dispatchers => Channels.Select(c => c.Dispatcher);
}
