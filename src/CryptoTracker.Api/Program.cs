using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.ApiDocs;
using CryptoTracker.Api.Collecting;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Dashboard;
using CryptoTracker.Api.Health;
using CryptoTracker.Api.Http;
using CryptoTracker.Api.Metrics;
using CryptoTracker.Api.Subscriptions;
using CryptoTracker.Core.Alerts;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sns;
using CryptoTracker.Sources.Kraken;
using Microsoft.Extensions.Options;

// Settings and the dashboard are found next to the app, whatever directory it is started from; relative paths given by
// the user (replay file, SQLite file) resolve against the working directory, the one the command was typed in.
// (A content root given explicitly, e.g. by a test host's --contentRoot, still wins.)
var contentRootGiven = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
    || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null;
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory });
// Loopback by default: exposing the tracker is a deliberate choice (--urls, ASPNETCORE_URLS; the Lambda adapter sets its own).
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:8080");
builder.Services.AddTracker(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
builder.Services.AddProblemDetails();
builder.Services.AddApiDocs();

WebApplication app;
TrackerOptions tracker;
try
{
    app = builder.Build();
    // Resolve every validated option now: a bad setting stops start-up with a message naming the key, not a stack trace.
    tracker = app.Services.GetRequiredService<IOptions<TrackerOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<SpikeRuleOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<KrakenOptions>>().Value;
    if (tracker.Store == "dynamodb") _ = app.Services.GetRequiredService<IOptions<DynamoDbStoreOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<SnsOptions>>().Value;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
{
    Console.Error.WriteLine($"CryptoTracker cannot start: invalid configuration.{Environment.NewLine}  {ex.Message.Replace("; ", Environment.NewLine + "  ")}");
    return 2;
}

if (tracker.Source == "replay" && tracker.Role == "all")
{
    var check = await ReplayStoreCheck.RunAsync(app.Services.GetRequiredService<CryptoTracker.Core.Ports.IMetricStore>(), tracker, CancellationToken.None);
    if (check.Error is not null)
    {
        Console.Error.WriteLine($"CryptoTracker cannot start the replay.{Environment.NewLine}  {check.Error}");
        return 2;
    }
    if (check.Warning is not null) app.Logger.LogWarning("{Warning}", check.Warning);
}

app.UseExceptionHandler();
app.UseStatusCodePages();

if (tracker.ServesReads) app.MapMetrics().MapAlerts();
if (tracker.Role == "collector") app.MapCollectorEvents();
app.MapHealth();
app.UseSubscriptions(tracker);

// The dashboard (/, /metric/{type}/{symbol}, /assets/...) and the API reference (/openapi/v1.json, /docs).
if (tracker.ServesReads) { app.MapApiDocs(); app.MapDashboard(); }

await app.RunAsync();
return 0;

public partial class Program;
