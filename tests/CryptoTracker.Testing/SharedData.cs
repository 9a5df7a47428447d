namespace CryptoTracker.Testing;

/// <summary>
/// The real exchange data lives beside the repository in ../shared/data (present in CI, absent in a user's clone).
/// Tests that need it call <see cref="RequireFile"/>, which skips the test with a clear message when it is absent.
/// </summary>
public static class SharedData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Folder => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string RequireFile(string relative)
    {
        var path = Path.Combine(Folder, relative);
        if (!File.Exists(path))
            Assert.Skip($"Real exchange data not found at {path}: this test needs ../shared/data beside the repository (present in CI).");
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CryptoTracker.sln"))) return dir.FullName;
        throw new InvalidOperationException("CryptoTracker.sln not found above " + AppContext.BaseDirectory);
    }
}
