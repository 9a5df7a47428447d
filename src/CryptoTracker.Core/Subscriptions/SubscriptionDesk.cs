using System.Security.Cryptography;
using System.Text;
using CryptoTracker.Core.Metrics;
using CryptoTracker.Core.Ports;

namespace CryptoTracker.Core.Subscriptions;

/// <summary>What became of a subscription request or a confirmation.</summary>
public enum DeskOutcome
{
    /// <summary>Email: SNS mails its own confirmation link; nothing arrives before the subscriber clicks it.</summary>
    PendingConfirmation,
    /// <summary>SMS: a code went to the number; nothing is subscribed until it comes back.</summary>
    ConfirmationSent,
    /// <summary>SMS: the right code came back and the number is subscribed.</summary>
    Subscribed,
    /// <summary>The client sent too many requests this minute.</summary>
    ClientLimited,
    /// <summary>This address or number was asked for too often in the last day.</summary>
    DestinationLimited,
    /// <summary>The tracker holds as many subscriptions as it takes.</summary>
    CapacityReached,
    /// <summary>The code is wrong, expired, used up or was never sent (one answer for all of them).</summary>
    WrongCode,
}

/// <summary>
/// Consent first: email keeps SNS's confirmation mail as its opt-in; SMS is double opt-in with a one-time code, and
/// <c>Subscribe</c> is called only with the right code. Every limit is counted in the <see cref="ISubscriptionLedger"/>, so
/// it holds across processes. Addresses are never stored: the ledger sees SHA-256 keys of them.
/// </summary>
public sealed class SubscriptionDesk(
    ISubscriptionLedger ledger, ISubscriptionGateway gateway, ITextMessageSender? texts, SubscriptionPolicy policy, TimeProvider clock)
{
    public SubscriptionPolicy Policy => policy;

    /// <summary>Counts one request of this client; false when it is over its per-minute budget.</summary>
    public Task<bool> AdmitClientAsync(string clientKey, CancellationToken ct) =>
        ledger.TryCountAsync(Key("client", clientKey), policy.PermitsPerClientPerMinute, TimeSpan.FromMinutes(1), clock.GetUtcNow(), ct);

    /// <summary>Email: subscribe now (SNS asks the person to confirm). SMS: send a code and remember the request.</summary>
    public async Task<DeskOutcome> RequestAsync(SubscriptionProtocol protocol, string endpoint, SubscriptionFilter filter, CancellationToken ct)
    {
        var destination = Destination(protocol, endpoint);
        var now = clock.GetUtcNow();
        if (!await ledger.TryCountAsync(Key("destination", destination), policy.RequestsPerDestination, policy.DestinationWindow, now, ct))
            return DeskOutcome.DestinationLimited;

        if (protocol == SubscriptionProtocol.Email)
        {
            if (!await ledger.TryAddSubscriberAsync(destination, policy.MaxSubscriptions, ct)) return DeskOutcome.CapacityReached;
            await SubscribeAsync(protocol, endpoint, filter, ct);
            return DeskOutcome.PendingConfirmation;
        }

        if (texts is null) throw new InvalidOperationException("SMS confirmation needs a text message sender.");
        var code = ConfirmationCode.New();
        var salt = ConfirmationCode.NewSalt();
        await ledger.SavePendingAsync(new PendingConfirmation(
            destination, salt, ConfirmationCode.Hash(salt, code), filter.Metrics is { Count: > 0 } metrics ? metrics.Select(m => m.ToString()).ToList() : null,
            filter.Rules is { Count: > 0 } rules ? rules : null, now + policy.CodeLifetime, 0), ct);
        await texts.SendAsync(endpoint, CodeMessage(code), ct);
        return DeskOutcome.ConfirmationSent;
    }

    /// <summary>SMS: the code sent by <see cref="RequestAsync"/>; only the right one within its lifetime subscribes the number.</summary>
    public async Task<DeskOutcome> ConfirmAsync(string phoneNumber, string code, CancellationToken ct)
    {
        var destination = Destination(SubscriptionProtocol.Sms, phoneNumber);
        var pending = await ledger.TakeAttemptAsync(destination, policy.MaxCodeAttempts, clock.GetUtcNow(), ct);
        if (pending is null) return DeskOutcome.WrongCode;
        if (!ConfirmationCode.Matches(pending.Salt, pending.CodeHash, code))
        {
            if (pending.Attempts >= policy.MaxCodeAttempts) await ledger.RemovePendingAsync(destination, pending.Salt, ct);
            return DeskOutcome.WrongCode;
        }
        if (!await ledger.TryAddSubscriberAsync(destination, policy.MaxSubscriptions, ct)) return DeskOutcome.CapacityReached;
        // Only the request that removes the pending confirmation subscribes: two parallel right answers subscribe once.
        if (!await ledger.RemovePendingAsync(destination, pending.Salt, ct)) return DeskOutcome.WrongCode;
        var filter = new SubscriptionFilter(pending.Metrics?.Select(MetricId.Parse).ToList(), pending.Rules);
        await SubscribeAsync(SubscriptionProtocol.Sms, phoneNumber, filter, ct);
        return DeskOutcome.Subscribed;
    }

    public string CodeMessage(string code) =>
        $"{policy.SenderName}: your code to receive alerts is {code}. It expires in {policy.CodeLifetime.TotalMinutes:0} minutes. If you did not ask for it, ignore this message.";

    private async Task SubscribeAsync(SubscriptionProtocol protocol, string endpoint, SubscriptionFilter filter, CancellationToken ct)
    {
        try
        {
            await gateway.SubscribeAsync(protocol, endpoint, filter, ct);
        }
        catch (NotificationException ex) when (IsAlreadySubscribed(ex))
        {
            // SNS refuses a second subscription of the same endpoint with another filter. Answering differently would tell
            // anyone whether an address is subscribed; the subscriber changes the filter by unsubscribing and subscribing again.
        }
    }

    /// <summary>SNS: InvalidParameter "Subscription already exists with different attributes".</summary>
    public static bool IsAlreadySubscribed(NotificationException ex) =>
        ex.Code == "InvalidParameter" && ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase);

    /// <summary>The ledger key of an address or number: SHA-256 of protocol and the normalised endpoint.</summary>
    public static string Destination(SubscriptionProtocol protocol, string endpoint)
    {
        var normal = protocol == SubscriptionProtocol.Email ? endpoint.Trim().ToLowerInvariant() : endpoint.Trim();
        return Key(protocol == SubscriptionProtocol.Email ? "email" : "sms", normal);
    }

    private static string Key(string kind, string value) =>
        kind + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + value)));
}
