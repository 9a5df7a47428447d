using System.Globalization;
using Constructs;

namespace CryptoTracker.Infra;

/// <summary>
/// Deployment knobs read from CDK context (cdk.json defaults, overridden with <c>-c key=value</c>).
/// Values from the command line arrive as strings, values from cdk.json as JSON types, so every
/// reader accepts both.
/// </summary>
public sealed record InfraSettings
{
    public const double DefaultThrottleRate = 50;
    public const double DefaultThrottleBurst = 100;

    /// <summary>DESTROY the table with the stack instead of RETAINing it (dev stacks only).</summary>
    public bool DestroyData { get; init; }

    /// <summary>Optional email subscribed to the alert topic at deploy time.</summary>
    public string? AlertEmail { get; init; }

    /// <summary>Optional email subscribed to the operations (alarm) topic.</summary>
    public string? OpsEmail { get; init; }

    /// <summary>Published Lambda artifact; null means "artifacts/lambda" at the repository root.</summary>
    public string? ArtifactPath { get; init; }

    public double ThrottleRate { get; init; } = DefaultThrottleRate;

    public int ThrottleBurst { get; init; } = (int)DefaultThrottleBurst;

    /// <summary>SMS subscriptions (<c>-c sms=true</c>): off by default, since texts cost money (docs/deploy.md).</summary>
    public bool SmsEnabled { get; init; }

    /// <summary>Country calling codes SMS numbers must start with, e.g. "+1,+44"; null keeps the app's default (+1).</summary>
    public string? SmsPrefixes { get; init; }

    /// <summary>Alarm when the month's SMS spend reaches this many USD (SNS's default account limit is 1 USD).</summary>
    public double SmsSpendAlarmUsd { get; init; } = DefaultSmsSpendAlarmUsd;

    public const double DefaultSmsSpendAlarmUsd = 0.8;

    public static InfraSettings FromContext(Construct scope)
    {
        var node = scope.Node;
        return new InfraSettings
        {
            DestroyData = ReadBool(node.TryGetContext("destroyData")),
            AlertEmail = ReadString(node.TryGetContext("alertEmail")),
            OpsEmail = ReadString(node.TryGetContext("opsEmail")),
            ArtifactPath = ReadString(node.TryGetContext("artifactPath")),
            ThrottleRate = ReadNumber(node.TryGetContext("throttleRate"), "throttleRate") ?? DefaultThrottleRate,
            ThrottleBurst = (int)(ReadNumber(node.TryGetContext("throttleBurst"), "throttleBurst") ?? DefaultThrottleBurst),
            SmsEnabled = ReadBool(node.TryGetContext("sms")),
            SmsPrefixes = ReadString(node.TryGetContext("smsPrefixes")),
            SmsSpendAlarmUsd = ReadNumber(node.TryGetContext("smsSpendAlarmUsd"), "smsSpendAlarmUsd") ?? DefaultSmsSpendAlarmUsd,
        };
    }

    private static string? ReadString(object? value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static bool ReadBool(object? value) => value switch
    {
        bool b => b,
        _ => string.Equals(ReadString(value), "true", StringComparison.OrdinalIgnoreCase),
    };

    private static double? ReadNumber(object? value, string key)
    {
        var text = ReadString(value);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new ArgumentException($"Context value '{key}' must be a positive number, got '{text}'.");
        }

        return number;
    }
}
