namespace CryptoTracker.Infra;

/// <summary>Which function serves a route.</summary>
public enum RouteTarget
{
    Api,
    Subscriptions,
}
