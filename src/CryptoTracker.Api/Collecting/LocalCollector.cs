using CryptoTracker.Api.Alerts;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Collecting;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Api.Collecting;

/// <summary>
/// What only a process that collects knows: its collector's health, its outbox channels' health, and (with several
/// exchanges) who made the last aggregate. Registered by composition (<c>AddTracker</c>) in the <c>all</c> and
/// <c>collector</c> roles only; endpoints take it as optional, and read what the collector stored where it is absent.
/// </summary>
public sealed record LocalCollector(Collector Collector, AlertDelivery Delivery, ReceiverChannels Receivers, MarketBoard? Board,
    IReadOnlyList<IPartialSource> PartialSources);
