using System.Reflection;
using CryptoTracker.Core.Operations;
using Env = CryptoTracker.Core.Operations.DeploymentContract.Environment;

namespace CryptoTracker.Infra.Tests;

/// <summary>
/// The stack sets only the app settings the deployment contract names (the app side checks that each of those binds to an
/// options property), and every name in the contract is set by some configuration of the stack.
/// </summary>
[Collection(SynthesizedStacks.Name)]
public sealed class DeploymentContractTests(ConfiguredStack configured)
{
    private static readonly string[] Roles = [DeploymentContract.Roles.Collector, DeploymentContract.Roles.Api, DeploymentContract.Roles.Subscriptions];

    [Fact]
    public void EveryAppSettingTheStackSets_IsNamedByTheContract()
    {
        using var receivers = new InlineReceiversStack();
        var set = Roles.SelectMany(r => configured.Environment(r).Keys.Concat(receivers.Environment(r).Keys))
            .Where(k => k.StartsWith("Tracker__", StringComparison.Ordinal)).ToHashSet();
        var named = Constants().ToHashSet();
        // Rules from -c alertRules: the configured stack has two of them.
        for (var i = 0; i < 2; i++) named.UnionWith(Env.AlertRuleFields.Select(f => Env.AlertRule(i, f)));

        Assert.Empty(set.Except(named));
        Assert.Empty(Constants().Except(set)); // no name in the contract that the stack never sets
        Assert.Contains(Env.AlertRule(1, "ChangePercent"), set);
    }

    private static IEnumerable<string> Constants() => typeof(Env).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);
}
