namespace CryptoTracker.Core.Resilience;

/// <summary>Try <see cref="Attempt"/> of <see cref="Attempts"/> failed with <see cref="Error"/>; the next one follows after <see cref="Delay"/>.</summary>
public readonly record struct RetryNotice(int Attempt, int Attempts, TimeSpan Delay, Exception Error);
