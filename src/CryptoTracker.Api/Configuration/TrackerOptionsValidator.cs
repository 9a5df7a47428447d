using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Configuration;

/// <summary>Fails start-up with messages that name the offending key.</summary>
public sealed class TrackerOptionsValidator : IValidateOptions<TrackerOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackerOptions o)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(o.Source)) errors.Add($"Tracker:Source must be one of {ConfigNames.Choices<TrackerSource>()}.");
        if (!Enum.IsDefined(o.Store)) errors.Add($"Tracker:Store must be one of {ConfigNames.Choices<StoreKind>()}.");
        if (!Enum.IsDefined(o.Role)) errors.Add($"Tracker:Role must be one of {ConfigNames.Choices<TrackerRole>()}.");
        if (o.Source == TrackerSource.Replay)
        {
            if (string.IsNullOrWhiteSpace(o.Replay.File)) errors.Add("Tracker:Replay:File is required when Tracker:Source=replay.");
            else if (!File.Exists(o.Replay.File)) errors.Add($"Tracker:Replay:File: no file at '{Path.GetFullPath(o.Replay.File)}'.");
            if (o.Replay.Multiplier is { } k && !(k > 0 && double.IsFinite(k)))
                errors.Add($"Tracker:Replay:Speed must be 'max' or a positive number such as 60 (got '{o.Replay.Speed}').");
        }
        if (o.PublicUrl is { Length: > 0 } && o.PublicUri is not { Scheme: "http" or "https" })
            errors.Add($"Tracker:PublicUrl must be an absolute http(s) URL such as https://tracker.example.com (got '{o.PublicUrl}').");
        if (o.Subscriptions.PermitsPerMinute is < 1 or > 10_000) errors.Add("Tracker:Subscriptions:PermitsPerMinute must be between 1 and 10000.");
        if (o.Collector.FetchAttempts is < 1 or > 10) errors.Add("Tracker:Collector:FetchAttempts must be between 1 and 10.");
        if (o.Collector.FetchRetryDelay < TimeSpan.Zero) errors.Add("Tracker:Collector:FetchRetryDelay must not be negative.");
        if (o.Collector.StaleAfter <= TimeSpan.Zero) errors.Add("Tracker:Collector:StaleAfter must be positive.");
        if (o.Collector.TickOffset < TimeSpan.Zero || o.Collector.TickOffset >= TimeSpan.FromMinutes(1)) errors.Add("Tracker:Collector:TickOffset must be within the minute (0 to 59 s).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
