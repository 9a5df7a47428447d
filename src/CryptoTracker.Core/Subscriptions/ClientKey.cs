using System.Net;

namespace CryptoTracker.Core.Subscriptions;

/// <summary>
/// Who a request counts against: an IPv4 address, or the /64 network of an IPv6 address (one subscriber line usually gets
/// a whole /64, so per-address limits would give it billions of budgets). IPv4-mapped IPv6 addresses count as IPv4.
/// </summary>
public static class ClientKey
{
    public static string For(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
