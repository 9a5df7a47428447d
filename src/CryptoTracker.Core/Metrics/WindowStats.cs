namespace CryptoTracker.Core.Metrics;

/// <summary>Statistics of a metric over its 24 h window. <see cref="StdDev"/> is the sample standard deviation (n−1), null below two points.</summary>
public sealed record WindowStats(int Count, double Mean, double? StdDev, double Min, double Max)
{
    /// <summary>
    /// Coefficient of variation: the sample standard deviation as a fraction of the mean of the same window (0.0123 = 1.23 %).
    /// Unlike σ it carries no unit, so it compares a BTC price with a stablecoin's, or DOGE volumes with BTC volumes.
    /// Null below two points and when the mean is not positive (the ratio has no meaning there).
    /// </summary>
    public double? Cv => StdDev is { } sd && Mean > 0 && double.IsFinite(sd / Mean) ? sd / Mean : null;

    /// <summary>
    /// Shifted two-pass computation. The mean is taken around the first value (so 1e7-sized prices keep their low digits)
    /// and the variance uses the corrected two-pass formula Σ(x−m)² − (Σ(x−m))²/n, which stays accurate for nearly
    /// flat series where the naive Σx² − n·m² loses every significant digit.
    /// </summary>
    public static WindowStats Compute(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n == 0) throw new ArgumentException("Statistics need at least one value.", nameof(values));

        var shift = values[0];
        double shiftedSum = 0, compensation = 0;
        double min = values[0], max = values[0];
        foreach (var v in values)
        {
            // Kahan summation of the shifted values: the mean must be good to 1e-9 relative.
            var y = (v - shift) - compensation;
            var t = shiftedSum + y;
            compensation = (t - shiftedSum) - y;
            shiftedSum = t;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        // Rounding must never put the mean outside the values (a flat series has mean == every value).
        var mean = Math.Clamp(shift + shiftedSum / n, min, max);
        if (n < 2) return new WindowStats(n, mean, null, min, max);

        double squares = 0, deviations = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            squares += d * d;
            deviations += d;
        }
        var variance = (squares - deviations * deviations / n) / (n - 1);
        return new WindowStats(n, mean, Math.Sqrt(Math.Max(variance, 0)), min, max);
    }
}
