using Architecture = Amazon.CDK.AWS.Lambda.Architecture;

namespace CryptoTracker.Infra;

/// <summary>
/// One Lambda architecture and everything that has to agree with it: the function's architecture, the runtime
/// identifier the app is published for, and the Web Adapter layer built for that CPU.
/// </summary>
public sealed record CpuArchitecture(string Name, string RuntimeIdentifier, string AdapterLayerName)
{
    public static readonly CpuArchitecture X86_64 = new("x86_64", "linux-x64", "LambdaAdapterLayerX86");

    /// <summary>Graviton: about 20 % less per GB-second than x86_64 at the same memory size.</summary>
    public static readonly CpuArchitecture Arm64 = new("arm64", "linux-arm64", "LambdaAdapterLayerArm64");

    public static IReadOnlyList<CpuArchitecture> All { get; } = [X86_64, Arm64];

    public Architecture LambdaArchitecture => this == Arm64 ? Architecture.ARM_64 : Architecture.X86_64;

    public static CpuArchitecture? Parse(string text) =>
        All.FirstOrDefault(a => string.Equals(a.Name, text, StringComparison.OrdinalIgnoreCase));
}
