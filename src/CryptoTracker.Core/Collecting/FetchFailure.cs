namespace CryptoTracker.Core.Collecting;

/// <summary>
/// Fetch attempt <see cref="Attempt"/> of <see cref="Attempts"/> failed with <see cref="Error"/>; another follows after
/// <see cref="RetryIn"/>, or, when that is null, it was the tick's last (the tick then has no data from the source).
/// </summary>
public sealed record FetchFailure(int Attempt, int Attempts, TimeSpan? RetryIn, string Error);
