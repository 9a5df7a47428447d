using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.ApiDocs;
using CryptoTracker.Api.Collecting;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Dashboard;
using CryptoTracker.Api.Health;
using CryptoTracker.Api.Http;
using CryptoTracker.Api.Metrics;
using CryptoTracker.Api.Subscriptions;
using CryptoTracker.Api.Rules;
using Microsoft.Extensions.Options;

// Settings and the dashboard are found next to the app, whatever directory it is started from; relative paths given by
// the user (replay file, SQLite file) resolve against the working directory, the one the command was typed in.
// (A content root given explicitly, e.g. by a test host's --contentRoot, still wins.)
var contentRootGiven = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
    || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null;
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory });
// Loopback by default: exposing the tracker is a deliberate choice (--urls, ASPNETCORE_URLS; the Lambda adapter sets its own).
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:8080");

WebApplication app;
TrackerOptions tracker;
try
{
    builder.Configuration.AddReceiversJson(); // Tracker:Alerts:ReceiversJson: receivers as one JSON value (the AWS stack's way)
    builder.Services.AddTracker(builder.Configuration);
    builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
    builder.Services.AddProblemDetails();
    builder.Services.AddApiDocs();
    app = builder.Build();
    // Validate every option registered with ValidateOnStart now: a bad setting stops start-up with a message naming the
    // key, not a stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();
    tracker = app.Services.GetRequiredService<IOptions<TrackerOptions>>().Value;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or AggregateException)
{
    var messages = ex is AggregateException all ? all.InnerExceptions.Select(e => e.Message) : [ex.Message];
    Console.Error.WriteLine($"CryptoTracker cannot start: invalid configuration.{Environment.NewLine}  " +
        string.Join(Environment.NewLine + "  ", messages.SelectMany(m => m.Split("; "))));
    return 2;
}

if (tracker.Source == TrackerSource.Replay && tracker.Role == TrackerRole.All)
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

if (tracker.ServesReads) app.MapMetrics().MapAlerts().MapRules();
if (tracker.Role == TrackerRole.Collector) app.MapCollectorEvents();
app.MapHealth();
app.UseSubscriptions(tracker);

// The dashboard (/, /metric/{type}/{symbol}, /assets/...) and the API reference (/openapi/v1.json, /docs).
if (tracker.ServesReads) { app.MapApiDocs(); app.MapDashboard(); }

await app.RunAsync();
return 0;

public partial class Program;
