namespace CryptoTracker.Api.Dashboard;

/// <summary>
/// Where the built dashboard (npm run build:dashboard → wwwroot/) is on disk. The build copies it next to the app's dll,
/// so that is looked at first: it does not depend on the working directory or the environment name (the SDK's static
/// web assets map the project's wwwroot only in Development). The content root's wwwroot is the fallback.
/// </summary>
public sealed class DashboardFiles(string? root)
{
    public const string Index = "index.html";
    public const string Docs = "docs.html";

    /// <summary>The folder holding index.html, docs.html and assets/; null when the dashboard was not built.</summary>
    public string? Root { get; } = root;

    public static DashboardFiles Locate(IWebHostEnvironment environment)
    {
        string?[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            environment.WebRootPath,
            Path.Combine(environment.ContentRootPath, "wwwroot"),
        ];
        return new DashboardFiles(candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, Index))));
    }

    public string? PathOf(string page) => Root is null ? null : Path.Combine(Root, page);
}
