namespace CryptoTracker.Core.Alerts;

/// <summary>What one run did. <see cref="Drained"/>: nothing is left unpublished.</summary>
public sealed record DispatchReport(int Published, int Failed, int Pending)
{
    public bool Drained => Pending == 0;
}
