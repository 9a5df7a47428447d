namespace CryptoTracker.Stores.Tests;

internal static class RepoPaths
{
    /// <summary>The folder holding CryptoTracker.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared data next to the repository (<c>../shared/data</c>); absent on a clean clone elsewhere.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CryptoTracker.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No CryptoTracker.sln above {AppContext.BaseDirectory}.");
    }
}
