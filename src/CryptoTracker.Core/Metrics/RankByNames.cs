namespace CryptoTracker.Core.Metrics;

public static class RankByNames
{
    public static string ToName(this RankBy by) => by switch { RankBy.Mean => "mean", RankBy.Cv => "cv", _ => "stddev" };

    public static bool TryParse(string? text, out RankBy by)
    {
        switch (text)
        {
            case null or "" or "stddev": by = RankBy.StdDev; return true;
            case "mean": by = RankBy.Mean; return true;
            case "cv": by = RankBy.Cv; return true;
            default: by = default; return false;
        }
    }
}
