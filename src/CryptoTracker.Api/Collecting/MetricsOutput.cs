namespace CryptoTracker.Api.Collecting;

/// <summary>Where Embedded Metric Format records go: standard output (which Lambda forwards to CloudWatch Logs).</summary>
public sealed class MetricsOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}
