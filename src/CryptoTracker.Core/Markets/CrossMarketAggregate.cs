using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Metrics;

namespace CryptoTracker.Core.Markets;

/// <summary>
/// The cross-market view of a symbol, as the earlier trackers computed it: price = mean over the contributing markets,
/// volumes = sum. Before that, the data-quality rules: values that are not storable (QuoteQuality) and tickers whose
/// exchange time is older than <see cref="MarketQualityOptions.MaxTickerAge"/> are ignored; a market whose price deviates
/// from the median of all markets' prices for the symbol by more than <see cref="MarketQualityOptions.MaxDeviation"/> is
/// left out of that symbol's aggregates (all types), but its own per-market series is still kept.
/// </summary>
public static class CrossMarketAggregate
{
    /// <summary>Types that add up across markets (traded amounts); every other type is averaged.</summary>
    public static bool IsSummed(string type) => type is "volume" or "volume1m";

    /// <summary>Per-market quotes plus aggregates, for two or more markets.</summary>
    public static AggregateMinute Combine(IReadOnlyList<MarketFetch> markets, DateTimeOffset now, MarketQualityOptions rules)
    {
        var rejected = new Dictionary<string, RejectionCounts>(StringComparer.Ordinal);
        var accepted = new List<(string Market, Dictionary<MetricId, double> Values)>(markets.Count);
        var quotes = new List<Quote>();
        foreach (var fetch in markets)
        {
            var values = Accept(fetch, now, rules, rejected);
            accepted.Add((fetch.Market, values));
            if (fetch.CarriedOver) continue; // a per-market series only holds what the market said at that minute
            foreach (var (metric, value) in values)
                if (MarketSymbol.Qualify(metric, fetch.Market) is { } qualified) quotes.Add(new Quote(qualified, value));
        }

        // Outliers: per symbol, markets whose price is too far from the median of the markets' prices.
        var outliers = new List<OutlierReport>();
        var excluded = new HashSet<(string Market, string Symbol)>();
        foreach (var symbol in accepted.SelectMany(a => a.Values.Keys).Where(k => k.Type == "price").Select(k => k.Symbol).Distinct())
        {
            var prices = accepted
                .Where(a => a.Values.ContainsKey(new MetricId("price", symbol)))
                .Select(a => (a.Market, Price: a.Values[new MetricId("price", symbol)])).ToList();
            if (prices.Count < 2) continue;
            var median = Median(prices.Select(p => p.Price));
            foreach (var (market, price) in prices)
            {
                var deviation = Math.Abs(price - median) / median;
                if (!(deviation <= rules.MaxDeviation))
                {
                    excluded.Add((market, symbol));
                    outliers.Add(new OutlierReport(market, symbol, price, median, deviation));
                }
            }
        }

        var carried = markets.Where(m => m.CarriedOver).Select(m => m.Market).ToHashSet(StringComparer.Ordinal);
        var aggregates = new SortedDictionary<(string Type, string Symbol), List<(string Market, double Value)>>();
        foreach (var (market, values) in accepted)
            foreach (var (metric, value) in values)
            {
                if (excluded.Contains((market, metric.Symbol)))
                {
                    if (!carried.Contains(market)) Count(rejected, market, RejectionReason.Outlier);
                    continue;
                }
                if (!aggregates.TryGetValue((metric.Type, metric.Symbol), out var list)) aggregates[(metric.Type, metric.Symbol)] = list = [];
                list.Add((market, value));
            }

        var contributors = new Dictionary<MetricId, IReadOnlyList<string>>();
        foreach (var ((type, symbol), list) in aggregates)
        {
            var id = new MetricId(type, symbol);
            var value = IsSummed(type) ? list.Sum(v => v.Value) : list.Average(v => v.Value);
            // The spread rules compare the prices of exactly the markets that made the aggregate.
            quotes.Add(new Quote(id, value) { Spread = type == "price" ? MarketSpread.Of(list.Select(v => v.Value)) : null });
            contributors[id] = list.Select(v => v.Market).Order(StringComparer.Ordinal).ToList();
        }
        return new AggregateMinute(quotes, contributors, rejected, outliers);
    }

    /// <summary>One market on its own: the quality rules only, plain ids, no aggregates (the single-source behaviour).</summary>
    public static AggregateMinute Single(MarketFetch market, DateTimeOffset now, MarketQualityOptions rules)
    {
        var rejected = new Dictionary<string, RejectionCounts>(StringComparer.Ordinal);
        var values = Accept(market, now, rules, rejected);
        return new AggregateMinute(values.Select(v => new Quote(v.Key, v.Value)).ToList(), new Dictionary<MetricId, IReadOnlyList<string>>(), rejected, []);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("The median of nothing is undefined.", nameof(values));
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    // Keeps the first value per metric in the market's order; counts what is refused.
    private static Dictionary<MetricId, double> Accept(MarketFetch fetch, DateTimeOffset now, MarketQualityOptions rules, Dictionary<string, RejectionCounts> rejected)
    {
        rejected.TryAdd(fetch.Market, default);
        var values = new Dictionary<MetricId, double>();
        var oldest = now - rules.MaxTickerAge;
        foreach (var q in fetch.Quotes)
        {
            // A carried-over answer was judged when it came; it only ages out, silently.
            if (fetch.CarriedOver)
            {
                if (q.AsOf is { } at && at >= oldest && QuoteQuality.IsAcceptable(q.Quote)) values.TryAdd(q.Quote.Metric, q.Quote.Value);
                continue;
            }
            // Stale first: a delisted symbol's zero price is better explained by its age than by its value.
            if (q.AsOf is { } asOf && asOf < oldest) Count(rejected, fetch.Market, RejectionReason.Stale);
            else if (!QuoteQuality.IsAcceptable(q.Quote)) Count(rejected, fetch.Market, RejectionReason.Invalid);
            else values.TryAdd(q.Quote.Metric, q.Quote.Value);
        }
        return values;
    }

    private static void Count(Dictionary<string, RejectionCounts> rejected, string market, RejectionReason reason) =>
        rejected[market] = rejected.GetValueOrDefault(market).Add(reason);
}
