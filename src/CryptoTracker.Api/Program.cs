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

var builder = WebApplication.CreateSlimBuilder(args);
// Loopback by default: exposing the tracker is a deliberate choice (--urls, ASPNETCORE_URLS; the Lambda adapter sets its own).
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:8080");
builder.Configuration.AddReceiversJson(); // Tracker:Alerts:ReceiversJson: receivers as one JSON value (the AWS stack's way)
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
    _ = app.Services.GetRequiredService<IOptions<AlertDispatcherOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<CryptoTracker.Receivers.ReceiversOptions>>().Value;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
{
    Console.Error.WriteLine($"CryptoTracker cannot start: invalid configuration.{Environment.NewLine}  {ex.Message.Replace("; ", Environment.NewLine + "  ")}");
    return 2;
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
