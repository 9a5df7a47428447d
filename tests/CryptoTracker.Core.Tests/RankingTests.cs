using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Tests;

public class RankingTests
{
    private static MetricId P(string s) => new("price", s);

    [Fact]
    public void Rank_WithTies_UsesCompetitionRanking()
    {
        var ranked = CompetitionRanking.Rank([(P("a"), 1.0), (P("b"), 5.0), (P("c"), 3.0), (P("d"), 3.0)]);

        Assert.Equal([("b", 1), ("c", 2), ("d", 2), ("a", 4)], ranked.Select(e => (e.Metric.Symbol, e.Rank)));
    }

    [Fact]
    public void Rank_WhenAllEqual_GivesEveryoneRankOne()
    {
        var ranked = CompetitionRanking.Rank([(P("x"), 2.0), (P("y"), 2.0), (P("z"), 2.0)]);

        Assert.All(ranked, e => Assert.Equal(1, e.Rank));
    }
}
