namespace CryptoTracker.Core.Markets;

/// <summary>Why a market's value was kept out: not a number we store, too old, or too far from the other markets.</summary>
public enum RejectionReason { Invalid, Stale, Outlier }
