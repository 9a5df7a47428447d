namespace CryptoTracker.Sns;

/// <summary>Tracker:Alerts:Sns. Without a <see cref="TopicArn"/> alerts are only logged and served by /v1/alerts.</summary>
public sealed class SnsOptions
{
    public const string Section = "Tracker:Alerts:Sns";

    /// <summary>The topic alerts are published to and people subscribe to, e.g. arn:aws:sns:us-east-1:123456789012:tracker-alerts.</summary>
    public string? TopicArn { get; set; }

    /// <summary>A local SNS-speaking endpoint (like the AWS SDKs' ServiceURL), e.g. http://127.0.0.1:4002. Default: SNS in <see cref="SigningRegion"/>, see <see cref="Endpoint"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The signing region; defaults to the topic ARN's region.</summary>
    public string? Region { get; set; }

    /// <summary>Per call; a call that takes longer counts as a retryable failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(TopicArn);

    /// <summary>arn:partition:sns:region:account:name → its parts, or null when it is not an SNS topic ARN.</summary>
    public static (string Partition, string Region, string Account, string Name)? ParseTopicArn(string? arn)
    {
        var parts = arn?.Split(':');
        if (parts is not { Length: 6 } || parts[0] != "arn" || parts[2] != "sns") return null;
        if (parts[1].Length == 0 || parts[3].Length == 0 || parts[4].Length != 12 || !parts[4].All(char.IsAsciiDigit)) return null;
        if (parts[5] is not { Length: > 0 and <= 256 } name || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return null;
        return (parts[1], parts[3], parts[4], name);
    }

    public string SigningRegion => Region is { Length: > 0 } r ? r : ParseTopicArn(TopicArn)?.Region ?? "us-east-1";

    /// <summary>
    /// <see cref="ServiceUrl"/> when set; otherwise SNS in the signing region, with the host name the AWS SDK's partition
    /// data gives for that region (sns.us-east-1.amazonaws.com, sns.cn-north-1.amazonaws.com.cn, …).
    /// </summary>
    public Uri Endpoint => ServiceUrl is { Length: > 0 } url
        ? new Uri(url.EndsWith('/') ? url : url + "/")
        : RegionalEndpoint(SigningRegion);

    public static Uri RegionalEndpoint(string region)
    {
        var partition = Amazon.RegionEndpoint.GetBySystemName(region);
        var host = partition.HostnameTemplate
            .Replace("{service}", "sns", StringComparison.Ordinal)
            .Replace("{region}", partition.SystemName, StringComparison.Ordinal)
            .Replace("{dnsSuffix}", partition.PartitionDnsSuffix, StringComparison.Ordinal);
        return new Uri($"https://{host}/");
    }

    /// <summary>
    /// A subscription of this topic: the topic ARN, ':' and a UUID. Anything else (another topic, a malformed value) is
    /// refused before SNS is asked.
    /// </summary>
    public bool IsSubscriptionOfTopic(string? subscriptionArn) =>
        TopicArn is { Length: > 0 } topic
        && subscriptionArn is { Length: > 0 and <= 512 }
        && subscriptionArn.StartsWith(topic + ":", StringComparison.Ordinal)
        && subscriptionArn.Length == topic.Length + 1 + 36
        && Guid.TryParseExact(subscriptionArn.AsSpan(topic.Length + 1), "D", out _);
}
