namespace CryptoTracker.Infra;

/// <summary>
/// One route of the HTTP API and its own throttle. API Gateway applies a stage's route settings to each route
/// separately, so the API as a whole accepts the <em>sum</em> of these rates (<see cref="RouteThrottles.TotalRate"/>).
/// </summary>
/// <param name="RateLimit">Steady requests per second, averaged by API Gateway's token bucket.</param>
/// <param name="BurstLimit">Requests the bucket holds, i.e. how many may arrive at once.</param>
public sealed record RouteThrottle(string Method, string Path, RouteTarget Target, double RateLimit, int BurstLimit)
{
    public string RouteKey => $"{Method} {Path}";
}
