namespace CryptoTracker.Core.Health;

/// <summary>ok, or degraded with the reasons in the words the operator reads.</summary>
public sealed record HealthReport(string Status, IReadOnlyList<string> Reasons)
{
    public bool IsOk => Reasons.Count == 0;
}
