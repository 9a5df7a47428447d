using CryptoTracker.Core.Alerts;

namespace CryptoTracker.Api.Alerts;

/// <summary>The SNS channel's dispatcher, registered only with a topic.</summary>
public sealed record SnsChannel(AlertDispatcher Dispatcher);
