using System.Net;
using CryptoTracker.Api.Subscriptions;
using Microsoft.AspNetCore.Http;

namespace CryptoTracker.Sns.Tests;

public sealed class ClientAddressTests
{
    private static DefaultHttpContext From(string remote, string? forwardedFor)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor is not null) http.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return http;
    }

    [Fact]
    public void ClientAddress_ByDefault_IgnoresXForwardedFor_WhichClientsCanForge() =>
        Assert.Equal("127.0.0.1", SubscriptionRequestGuard.ClientAddress(From("127.0.0.1", "203.0.113.9"), trustForwardedFor: false)?.ToString());

    [Fact]
    public void ClientAddress_BehindATrustedProxy_IsTheLastForwardedAddress() =>
        Assert.Equal("198.51.100.7", SubscriptionRequestGuard.ClientAddress(From("127.0.0.1", "203.0.113.9, 198.51.100.7"), trustForwardedFor: true)?.ToString());

    [Fact]
    public void ClientAddress_WithAGarbledForwardedHeader_FallsBackToTheConnection() =>
        Assert.Equal("127.0.0.1", SubscriptionRequestGuard.ClientAddress(From("127.0.0.1", "not-an-ip"), trustForwardedFor: true)?.ToString());
}
