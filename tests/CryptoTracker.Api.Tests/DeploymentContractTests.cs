using System.Collections;
using System.Globalization;
using System.Reflection;
using CryptoTracker.Api.Alerts;
using CryptoTracker.Api.Configuration;
using CryptoTracker.Api.Subscriptions;
using CryptoTracker.Core.Alerts.Rules;
using CryptoTracker.Core.Operations;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sns;
using Env = CryptoTracker.Core.Operations.DeploymentContract.Environment;
using Microsoft.Extensions.Configuration;

namespace CryptoTracker.Api.Tests;

/// <summary>
/// Every environment variable the CDK stack sets (<see cref="DeploymentContract.Environment"/>, which infra/ writes with)
/// reaches a property of an options class the app binds, with the value the stack gives it. Configuration binding ignores
/// a key nobody reads, so without this a renamed property or section would silently switch a setting off in AWS.
/// </summary>
public sealed class DeploymentContractTests
{
    // The options classes the app binds from those keys, at the sections it binds them to (TrackerServices, AlertPublishing,
    // DynamoDbServiceCollectionExtensions).
    private static readonly (string Section, Type Options)[] Bound =
    [
        (TrackerOptions.Section, typeof(TrackerOptions)),
        (SnsOptions.Section, typeof(SnsOptions)),
        (DynamoDbStoreOptions.SectionName, typeof(DynamoDbStoreOptions)),
        (AlertsOptions.Section, typeof(AlertsOptions)),
    ];

    /// <summary>Each variable with a value as the stack sets it (the roles: each function's).</summary>
    private static IEnumerable<(string Variable, string Value)> StackSettings()
    {
        yield return (Env.Role, DeploymentContract.Roles.Api);
        yield return (Env.Role, DeploymentContract.Roles.Collector);
        yield return (Env.Role, DeploymentContract.Roles.Subscriptions);
        yield return (Env.Store, DeploymentContract.DynamoDbStore);
        yield return (Env.DynamoDbTable, "CryptoTracker-StoreTable0A1B2C3D-1A2B3C4D5E6F");
        yield return (Env.SnsTopicArn, "arn:aws:sns:us-east-1:123456789012:CryptoTracker-Alerts");
        yield return (Env.PublicUrl, "https://abc123.execute-api.us-east-1.amazonaws.com/");
        yield return (Env.EmitMetrics, "true");
        yield return (Env.TrustForwardedFor, "true");
        yield return (Env.SmsEnabled, "true");
        yield return (Env.SmsAllowedPrefixes, "+1,+44");
        string[] ruleValues = ["btc-below-80k", "price:btcusd", "90000", "80000", "5", "1.5", "30", "60"];
        Assert.Equal(ruleValues.Length, Env.AlertRuleFields.Count);
        for (var i = 0; i < ruleValues.Length; i++) yield return (Env.AlertRule(0, Env.AlertRuleFields[i]), ruleValues[i]);
    }

    public static TheoryData<string, string> Variables => new(StackSettings());

    [Theory]
    [MemberData(nameof(Variables))]
    public void EveryVariableTheStackSets_BindsToAnOptionsProperty_WithItsValue(string variable, string value)
    {
        var key = variable.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal); // how the app reads the environment
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        var failures = new List<string>();
        foreach (var (section, type) in Bound.Where(b => key.StartsWith(b.Section + ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)))
        {
            var options = Activator.CreateInstance(type)!;
            try
            {
                // Throws for a key that matches no property, and for a value the property's type cannot take.
                configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add($"{type.Name}: {ex.Message}");
                continue;
            }
            var bound = ReadBack(options, key[(section.Length + 1)..].Split(ConfigurationPath.KeyDelimiter));
            Assert.True(string.Equals(value, bound, StringComparison.OrdinalIgnoreCase), $"{key} bound to {type.Name} as '{bound}', not '{value}'.");
            return;
        }
        Assert.Fail($"{variable} (set by the stack) binds to no options class the app reads: {string.Join("; ", failures)}");
    }

    [Fact]
    public void ReceiversJson_IsTheKeyTheAppReadsReceiversFrom() =>
        // Not an options property: AddReceiversJson expands it into Tracker:Alerts:Receivers before binding.
        Assert.Equal(AlertReceivers.JsonKey, Env.ReceiversJson.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal));

    [Fact]
    public void EveryVariableOfTheContract_IsChecked()
    {
        var declared = typeof(Env).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        var checkedHere = StackSettings().Select(s => s.Variable).Append(Env.ReceiversJson).ToHashSet();
        Assert.Empty(declared.Except(checkedHere));
        Assert.All(Env.AlertRuleFields, field => Assert.Contains(Env.AlertRule(0, field), checkedHere));
    }

    // Follows the key's path through properties (case-insensitive, as the binder) and list indexes; the value as text.
    private static string? ReadBack(object options, IEnumerable<string> path)
    {
        object? current = options;
        foreach (var segment in path)
        {
            current = current switch
            {
                null => null,
                IList list when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) => list[index],
                _ => current.GetType().GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!.GetValue(current),
            };
        }
        return current switch
        {
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => current?.ToString(),
        };
    }
}
