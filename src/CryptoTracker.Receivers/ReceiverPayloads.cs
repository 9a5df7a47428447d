using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryptoTracker.Receivers;

/// <summary>
/// The generic webhook body. <c>t</c> is UTC ISO-8601 with Z; <c>link</c> only when Tracker:PublicUrl is set. <c>reference</c>
/// is what the value was compared with: the last-hour mean (spike), the level (above, below), the value Window minutes
/// earlier (change) or the lowest market price (spread), with ratio = value ÷ reference (highest ÷ lowest for a spread); a
/// spike's also carries it as <c>hourMean</c>. <c>threshold</c> is the rule's number: the multiplier, level or percentage.
/// </summary>
public sealed record WebhookPayload(
    string Id, string Metric, string Type, string Symbol, DateTime T, double Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? HourMean,
    double Reference,
    double Ratio, string Rule, string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Threshold,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Link);

public sealed record SlackText(string Type, string Text);
public sealed record SlackBlock(string Type, SlackText Text);

/// <summary>Slack incoming webhook: <c>text</c> is the notification preview, the block what the channel shows.</summary>
public sealed record SlackPayload(string Text, IReadOnlyList<SlackBlock> Blocks);

public sealed record DiscordField(string Name, string Value, bool Inline);
public sealed record DiscordEmbed(
    string Title, string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    DateTime Timestamp, int Color, IReadOnlyList<DiscordField> Fields);

/// <summary><c>allowed_mentions.parse = []</c>: an alert never pings anyone.</summary>
public sealed record DiscordMentions(IReadOnlyList<string> Parse);

/// <summary>Discord webhook: <c>content</c> is the notification line, the embed the detail.</summary>
public sealed record DiscordPayload(
    string Content, IReadOnlyList<DiscordEmbed> Embeds, [property: JsonPropertyName("allowed_mentions")] DiscordMentions AllowedMentions);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(SlackPayload))]
[JsonSerializable(typeof(DiscordPayload))]
public sealed partial class ReceiversJsonContext : JsonSerializerContext;
