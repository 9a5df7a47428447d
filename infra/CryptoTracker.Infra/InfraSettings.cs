using System.Globalization;
using Constructs;

namespace CryptoTracker.Infra;

/// <summary>
/// Deployment knobs read from CDK context (cdk.json defaults, overridden with <c>-c key=value</c>).
/// Values from the command line arrive as strings, values from cdk.json as JSON types, so every
/// reader accepts both. A value that cannot be read fails synthesis with a message naming its key.
/// </summary>
public sealed record InfraSettings
{
    /// <summary>AWS Lambda Web Adapter layer version deployed by default (same number for both architectures).</summary>
    public const int DefaultAdapterLayerVersion = 25;

    /// <summary>DESTROY the table with the stack instead of RETAINing it (dev stacks only).</summary>
    public bool DestroyData { get; init; }

    /// <summary>Optional email subscribed to the alert topic at deploy time.</summary>
    public string? AlertEmail { get; init; }

    /// <summary>Optional email subscribed to the operations (alarm) topic.</summary>
    public string? OpsEmail { get; init; }

    /// <summary>
    /// Ship a stand-in whose run.sh exits 1 instead of building the app (context <c>placeholderCode=true</c>).
    /// For tests and template reviews only: the synthesized stack carries a warning and its functions cannot start.
    /// </summary>
    public bool PlaceholderCode { get; init; }

    /// <summary>Function architecture (context <c>arch</c>: <c>x86_64</c> or <c>arm64</c>).</summary>
    public CpuArchitecture Architecture { get; init; } = CpuArchitecture.X86_64;

    /// <summary>Web Adapter layer version (context <c>adapterLayerVersion</c>).</summary>
    public int AdapterLayerVersion { get; init; } = DefaultAdapterLayerVersion;

    /// <summary>Multiplies every per-route throttle in <see cref="RouteThrottles"/> (context <c>throttleScale</c>).</summary>
    public double ThrottleScale { get; init; } = 1;

    /// <summary>
    /// Reserve a concurrency of 1 for the collector so that two ticks never write at once (context
    /// <c>reserveCollectorConcurrency</c>). Accounts whose Lambda concurrency quota is 10 cannot reserve any: see docs/deploy.md.
    /// </summary>
    public bool ReserveCollectorConcurrency { get; init; } = true;

    public static InfraSettings FromContext(Construct scope)
    {
        var node = scope.Node;
        return new InfraSettings
        {
            DestroyData = ReadBool(node.TryGetContext("destroyData"), "destroyData") ?? false,
            AlertEmail = ReadString(node.TryGetContext("alertEmail")),
            OpsEmail = ReadString(node.TryGetContext("opsEmail")),
            PlaceholderCode = ReadBool(node.TryGetContext("placeholderCode"), "placeholderCode") ?? false,
            Architecture = ReadArchitecture(node.TryGetContext("arch")),
            AdapterLayerVersion = (int)(ReadNumber(node.TryGetContext("adapterLayerVersion"), "adapterLayerVersion", wholeNumber: true)
                                        ?? DefaultAdapterLayerVersion),
            ThrottleScale = ReadNumber(node.TryGetContext("throttleScale"), "throttleScale", wholeNumber: false) ?? 1,
            ReserveCollectorConcurrency =
                ReadBool(node.TryGetContext("reserveCollectorConcurrency"), "reserveCollectorConcurrency") ?? true,
        };
    }

    private static string? ReadString(object? value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static bool? ReadBool(object? value, string key)
    {
        if (value is bool b)
        {
            return b;
        }

        return ReadString(value)?.ToLowerInvariant() switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var other => throw new ArgumentException($"Context value '{key}' must be true or false, got '{other}'."),
        };
    }

    private static CpuArchitecture ReadArchitecture(object? value) =>
        ReadString(value) is { } text
            ? CpuArchitecture.Parse(text) ?? throw new ArgumentException(
                $"Context value 'arch' must be one of {string.Join(", ", CpuArchitecture.All.Select(a => a.Name))}, got '{text}'.")
            : CpuArchitecture.X86_64;

    private static double? ReadNumber(object? value, string key, bool wholeNumber)
    {
        var text = ReadString(value);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number <= 0 ||
            (wholeNumber && number != Math.Floor(number)))
        {
            var kind = wholeNumber ? "a positive whole number" : "a positive number";
            throw new ArgumentException($"Context value '{key}' must be {kind}, got '{text}'.");
        }

        return number;
    }
}
