namespace CryptoTracker.Sources.Kraken;

/// <summary>A Kraken pair as we track it: its symbol (lower-case base+quote, XBT→btc, XDG→doge) and trading status.</summary>
public sealed record KrakenPair(string Key, string Symbol, string Status);
