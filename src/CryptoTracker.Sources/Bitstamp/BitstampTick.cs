using System.Net;
using System.Text.Json;
using CryptoTracker.Core.Markets;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;
using CryptoTracker.Sources.Binance;
using CryptoTracker.Sources.Http;
using CryptoTracker.Sources.Kraken;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Sources.Bitstamp;

/// <summary>A ticker: last price, 24 h base volume and Bitstamp's timestamp of it.</summary>
public sealed record BitstampTick(string Symbol, double Last, double Volume24h, DateTimeOffset Timestamp);
