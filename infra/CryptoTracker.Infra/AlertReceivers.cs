using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Constructs;
using CryptoTracker.Core.Operations;

namespace CryptoTracker.Infra;

/// <summary>
/// Alert receivers (webhook, Slack, Discord, ntfy, email) for the collector, as the app's <c>Tracker:Alerts:ReceiversJson</c>.
/// Either <c>-c receiversSecret=&lt;Secrets Manager secret name or ARN&gt;</c>, whose value is the JSON array: the template
/// then holds only a dynamic reference that CloudFormation resolves at deploy time (no URL, token or password in the
/// template or the cloud assembly); or <c>-c receivers='[…]'</c> for receivers without secrets, which are written into the
/// template as they are.
/// </summary>
public static class AlertReceivers
{
    public const string EnvironmentKey = DeploymentContract.Environment.ReceiversJson;

    public static void Configure(Construct scope, Function collector)
    {
        var secret = Read(scope.Node.TryGetContext("receiversSecret"));
        var inline = Read(scope.Node.TryGetContext("receivers"));
        if (secret is not null && inline is not null)
            throw new ArgumentException("Give alert receivers with either -c receiversSecret=<secret> or -c receivers=<JSON>, not both.");
        if (secret is not null)
        {
            collector.AddEnvironment(EnvironmentKey, SecretValue.SecretsManager(secret).UnsafeUnwrap());
        }
        else if (inline is not null)
        {
            try
            {
                using var doc = JsonDocument.Parse(inline);
                if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException();
            }
            catch (JsonException)
            {
                throw new ArgumentException("Context value 'receivers' must be a JSON array of receivers, e.g. [{\"Name\":\"phone\",\"Type\":\"ntfy\",\"Url\":\"https://ntfy.sh/…\"}].");
            }
            collector.AddEnvironment(EnvironmentKey, inline);
        }
    }

    private static string? Read(object? value) => value switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        // From cdk.json a value may arrive as parsed JSON.
        _ => JsonSerializer.Serialize(value),
    };
}
