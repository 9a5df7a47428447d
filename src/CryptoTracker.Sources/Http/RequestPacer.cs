namespace CryptoTracker.Sources.Http;

/// <summary>
/// Spaces the starts of requests to one host by at least <c>interval</c> (Coinbase: 10 requests/s per IP; Kraken public:
/// about 1 call/s). Callers queue; nobody is refused.
/// </summary>
public sealed class RequestPacer(TimeSpan interval, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public TimeSpan Interval { get; } = interval;

    public async Task WaitAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_next > now) await Task.Delay(_next - now, clock, ct);
            _next = clock.GetUtcNow() + Interval;
        }
        finally
        {
            _gate.Release();
        }
    }
}
