namespace CryptoTracker.Core.Ports;

public enum SubscriptionProtocol
{
    Email,
    Sms,
}
