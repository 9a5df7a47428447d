using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace CryptoTracker.Infra.Tests;

/// <summary>
/// One synthesized CryptoTracker stack: the CDK assertion <see cref="Template"/> for property
/// matching, plus the raw template JSON for checks the matchers cannot express (e.g. "no action
/// anywhere contains *"). Synthesis starts a jsii Node process and takes seconds, so fixtures share it.
/// </summary>
public abstract class SynthesizedStack : IDisposable
{
    private readonly DirectoryInfo _outdir = Directory.CreateTempSubdirectory("cdk-test-");

    protected SynthesizedStack(IDictionary<string, object> context)
    {
        // The placeholder code: the template is what matters here, and building the app (a minute, hundreds of MB)
        // for every fixture would add nothing. AppCodeTests covers the build itself.
        var merged = new Dictionary<string, object>(context) { ["placeholderCode"] = "true" };

        var app = new App(new AppProps { Context = merged, Outdir = _outdir.FullName });
        Stack = new CryptoTrackerStack(app, "CryptoTracker");
        var assembly = app.Synth();
        var artifact = assembly.GetStackByName(Stack.StackName);
        var json = File.ReadAllText(Path.Combine(assembly.Directory, artifact.TemplateFile));

        Template = Template.FromString(json);
        Json = JsonNode.Parse(json)!.AsObject();
    }

    public CryptoTrackerStack Stack { get; }

    public Template Template { get; }

    public JsonObject Json { get; }

    public void Dispose()
    {
        _outdir.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    public IEnumerable<(string LogicalId, JsonObject Resource)> ResourcesOfType(string type) =>
        Json["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    public JsonObject Properties(string logicalId) => Json["Resources"]![logicalId]!["Properties"]!.AsObject();

    /// <summary>The Lambda function whose <c>Tracker__Role</c> is <paramref name="role"/>.</summary>
    public (string LogicalId, JsonObject Properties) Function(string role)
    {
        var match = ResourcesOfType("AWS::Lambda::Function")
            .Where(f => (string?)f.Resource["Properties"]!["Environment"]?["Variables"]?["Tracker__Role"] == role)
            .ToList();
        Assert.Single(match);
        return (match[0].LogicalId, match[0].Resource["Properties"]!.AsObject());
    }

    public IReadOnlyDictionary<string, string?> Environment(string role) =>
        Function(role).Properties["Environment"]!["Variables"]!.AsObject()
            .ToDictionary(v => v.Key, v => v.Value is JsonValue value && value.TryGetValue<string>(out var s) ? s : v.Value?.ToJsonString());

    /// <summary>Every IAM statement attached (through AWS::IAM::Policy) to the execution role of <paramref name="role"/>'s function.</summary>
    public IReadOnlyList<JsonObject> StatementsFor(string role)
    {
        var roleLogicalId = (string)Function(role).Properties["Role"]!["Fn::GetAtt"]![0]!;
        return ResourcesOfType("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => (string?)r!["Ref"] == roleLogicalId))
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(s => s!.AsObject())
            .ToList();
    }

    public static IReadOnlyList<string> Actions(JsonObject statement) => Strings(statement["Action"]);

    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(a => (string)a!).ToList(),
        _ => [(string)node!],
    };

    public string TopicLogicalId(string displayName) =>
        ResourcesOfType("AWS::SNS::Topic").Single(t => (string?)t.Resource["Properties"]!["DisplayName"] == displayName).LogicalId;

    public string AlertTopicId => TopicLogicalId("CryptoTracker alerts");

    public string OperationsTopicId => TopicLogicalId("CryptoTracker operations");

    public string TableId => ResourcesOfType("AWS::DynamoDB::Table").Single().LogicalId;
}

/// <summary>The stack as `cdk synth` builds it with the defaults in cdk.json (no emails).</summary>
public sealed class DefaultStack() : SynthesizedStack(new Dictionary<string, object>());

/// <summary>The stack with every context knob set away from its default.</summary>
public sealed class ConfiguredStack() : SynthesizedStack(new Dictionary<string, object>
{
    ["destroyData"] = "true",
    ["alertEmail"] = "alerts@example.com",
    ["opsEmail"] = "ops@example.com",
    ["throttleScale"] = "0.5",
    ["reserveCollectorConcurrency"] = "false",
    ["adapterLayerVersion"] = "27",
});

/// <summary>The stack for Graviton (<c>-c arch=arm64</c>).</summary>
public sealed class ArmStack() : SynthesizedStack(new Dictionary<string, object> { ["arch"] = "arm64" });

[CollectionDefinition(Name)]
public sealed class SynthesizedStacks : ICollectionFixture<DefaultStack>, ICollectionFixture<ConfiguredStack>, ICollectionFixture<ArmStack>
{
    // jsii talks to one Node process per test host; keeping every CDK test in one collection runs them serially.
    public const string Name = "Synthesized stacks";
}
