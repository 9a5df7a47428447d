namespace CryptoTracker.Receivers;

/// <summary>One operator-configured receiver, an entry of Tracker:Alerts:Receivers.</summary>
public sealed class ReceiverOptions
{
    /// <summary>Unique; the receiver's channel in the outbox is <c>receiver:&lt;Name&gt;</c>, so renaming it starts afresh.</summary>
    public string? Name { get; set; }

    /// <summary>webhook, slack, discord, ntfy or email.</summary>
    public string? Type { get; set; }

    /// <summary>webhook, slack, discord: where to POST; ntfy: the topic URL (e.g. https://ntfy.sh/my-tracker-alerts).</summary>
    public string? Url { get; set; }

    /// <summary>webhook: signs each body with HMAC-SHA256 (X-CryptoTracker-Signature).</summary>
    public string? Secret { get; set; }

    /// <summary>ntfy: an access token for a protected topic (sent as a bearer token).</summary>
    public string? Token { get; set; }

    /// <summary>ntfy: min, low, default, high or urgent.</summary>
    public string Priority { get; set; } = "high";

    // email (SMTP)
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool StartTls { get; set; } = true;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }
    public List<string> To { get; set; } = [];

    /// <summary>Only these metrics (<c>price:btcusd</c>, <c>volume:*</c>); empty: all.</summary>
    public List<string> Metrics { get; set; } = [];

    /// <summary>Only alerts of these rules (<c>spike</c> is the built-in one; the names of Tracker:Alerts:Rules); empty: all.</summary>
    public List<string> Rules { get; set; } = [];

    /// <summary>Only spike alerts at least this many times the last-hour mean (rule alerts are not held to it).</summary>
    public double? MinRatio { get; set; }

    /// <summary>Overrides Tracker:Alerts:Dispatch:MaxAge for this receiver.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Per delivery attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public string Kind => (Type ?? "").Trim().ToLowerInvariant();

    /// <summary>Recipients, also when given comma-separated in one entry (convenient in environment variables).</summary>
    public IReadOnlyList<string> Recipients => To.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
