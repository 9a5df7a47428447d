using System.Text.Json;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Core.Alerts;
using CryptoTracker.Core.Ports;
using CryptoTracker.Receivers;
using Microsoft.Extensions.Options;

namespace CryptoTracker.Api.Alerts;

/// <summary>
/// Operator-configured receivers (Tracker:Alerts:Receivers): each is its own outbox channel, <c>receiver:&lt;name&gt;</c>, with
/// its own filter, MaxAge, retries and health. They work wherever the collector runs: local, replay and the Lambda collector.
/// </summary>
public static class AlertReceivers
{
    public const string JsonKey = "Tracker:Alerts:ReceiversJson";

    public static IServiceCollection AddAlertReceivers(this IServiceCollection services)
    {
        services.AddHttpClient(Receivers.Receivers.HttpClientName, http =>
        {
            http.Timeout = Timeout.InfiniteTimeSpan; // each receiver has its own (Timeout)
            http.DefaultRequestHeaders.UserAgent.ParseAdd("CryptoTracker/1.0 (+self-hosted market tracker)");
        }).RemoveAllLoggers(); // the factory would log each request's URL, and receiver URLs carry tokens
        services.AddSingleton(sp =>
        {
            var alerts = sp.GetRequiredService<IOptions<AlertsOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(Receivers.Receivers.HttpClientName);
            var publicUrl = sp.GetRequiredService<IOptions<TrackerOptions>>().Value.PublicUri;
            var dispatch = sp.GetRequiredService<IOptions<AlertDispatcherOptions>>().Value;
            // Network timeouts are real time, whatever clock the tracker runs on (a replay's moves by minutes).
            return new ReceiverChannels(alerts.Receivers.Select(r => (r, new AlertDispatcher(
                sp.GetRequiredService<IMetricStore>(), Receivers.Receivers.Create(r, http, publicUrl, TimeProvider.System), sp.GetRequiredService<TimeProvider>(),
                alerts.Retention, dispatch.With(r.MaxAge), AlertChannels.Receiver(r.Name!), new AlertFilter(r.Metrics, r.MinRatio, r.Rules)))).ToList());
        });
        return services;
    }

    /// <summary>
    /// Tracker:Alerts:ReceiversJson, a JSON array of receivers in one value (how the AWS stack passes them, from a secret or
    /// from context), becomes Tracker:Alerts:Receivers entries after those configured otherwise.
    /// </summary>
    public static void AddReceiversJson(this ConfigurationManager configuration)
    {
        if (configuration[JsonKey] is not { Length: > 0 } json) return;
        var offset = configuration.GetSection("Tracker:Alerts:Receivers").GetChildren().Count();
        var values = new Dictionary<string, string?>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return; // reported by the validator
            var i = offset;
            foreach (var receiver in doc.RootElement.EnumerateArray())
            {
                if (receiver.ValueKind == JsonValueKind.Object) Flatten(receiver, $"Tracker:Alerts:Receivers:{i}", values);
                i++;
            }
        }
        catch (JsonException)
        {
            return; // reported by the validator, without repeating the value (it holds secrets)
        }
        configuration.AddInMemoryCollection(values);
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject()) Flatten(p.Value, $"{prefix}:{p.Name}", values);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Flatten(item, $"{prefix}:{i++}", values);
                break;
            case JsonValueKind.String:
                values[prefix] = element.GetString();
                break;
            case JsonValueKind.Null:
                break;
            default:
                values[prefix] = element.GetRawText();
                break;
        }
    }
}
