using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Constructs;
using CryptoTracker.Core.Operations;

namespace CryptoTracker.Infra;

/// <summary>
/// The alert rules (Tracker:Alerts:Rules) from CDK context <c>alertRules</c>: a JSON array of rule objects, in cdk.json or as
/// a string with <c>-c alertRules='[{"Name":"btc-below-80k","Metric":"price:btcusd","Below":80000}]'</c>. They become
/// <c>Tracker__Alerts__Rules__N__Key</c> environment variables of the functions that evaluate (collector) or show them
/// (api, subscriptions). The app validates the rules at start-up; synthesis only checks their shape.
/// </summary>
public static class AlertRulesContext
{
    public const string Key = "alertRules";

    private static readonly IReadOnlyList<string> Fields = DeploymentContract.Environment.AlertRuleFields;

    public static IReadOnlyDictionary<string, string> Environment(Construct scope)
    {
        var value = scope.Node.TryGetContext(Key);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (value is null || value is string { Length: 0 }) return environment;

        JsonNode? json;
        try
        {
            json = value is string text ? JsonNode.Parse(text) : JsonSerializer.SerializeToNode(value);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Context value '{Key}' must be a JSON array of rules: {ex.Message}");
        }
        if (json is not JsonArray rules) throw new ArgumentException($"Context value '{Key}' must be a JSON array of rules.");

        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not JsonObject rule) throw new ArgumentException($"Context value '{Key}'[{i}] must be an object.");
            foreach (var (field, node) in rule)
            {
                var name = Fields.FirstOrDefault(f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException($"Context value '{Key}'[{i}] has an unknown key '{field}' (expected {string.Join(", ", Fields)}).");
                if (node is not JsonValue scalar) throw new ArgumentException($"Context value '{Key}'[{i}].{name} must be a string or a number.");
                var text = scalar.TryGetValue<string>(out var s) ? s
                    : scalar.TryGetValue<double>(out var d) ? d.ToString("R", CultureInfo.InvariantCulture)
                    : scalar.ToJsonString();
                environment[DeploymentContract.Environment.AlertRule(i, name)] = text;
            }
        }
        return environment;
    }
}
