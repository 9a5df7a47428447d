using System.Text.Json.Nodes;

namespace CryptoTracker.Infra.Tests;

[Collection(SynthesizedStacks.Name)]
public sealed class FunctionTests(DefaultStack stack, ConfiguredStack configured, ArmStack arm)
{
    private static readonly string[] AllRoles = ["collector", "api", "subscriptions"];

    public static TheoryData<string> Roles => new(AllRoles);

    [Fact]
    public void Stack_HasExactlyThreeFunctions_OnePerRole()
    {
        var roles = stack.ResourcesOfType("AWS::Lambda::Function")
            .Select(f => (string?)f.Resource["Properties"]!["Environment"]!["Variables"]!["Tracker__Role"])
            .Order()
            .ToList();
        Assert.Equal(["api", "collector", "subscriptions"], roles);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Function_RunsDotnet10_OnX86_ThroughRunSh(string role)
    {
        var fn = stack.Function(role).Properties;
        Assert.Equal("dotnet10", (string?)fn["Runtime"]);
        Assert.Equal("run.sh", (string?)fn["Handler"]);
        Assert.Equal(["x86_64"], SynthesizedStack.Strings(fn["Architectures"]));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Function_IsHostedByTheWebAdapterLayer_InTheStacksPartitionAndRegion(string role)
    {
        var layers = stack.Function(role).Properties["Layers"]!.AsArray();
        var layer = Assert.Single(layers)!.ToJsonString();
        Assert.DoesNotContain("arn:aws:", layer);
        Assert.StartsWith("""{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":lambda:",{"Ref":"AWS::Region"},":",""", layer);
        Assert.EndsWith(""":layer:LambdaAdapterLayerX86:25"]]}""", layer);
    }

    [Fact]
    public void WebAdapterLayer_ComesFromItsPublisherAccountInEachPartition()
    {
        // The layer's publishers (awslabs/aws-lambda-web-adapter, docs/guide getting-started/zip-packages.md):
        // 753240598075 in the commercial regions, 041581134020 in cn-north-1, 069767869989 in cn-northwest-1.
        var layer = stack.Function("api").Properties["Layers"]![0]!.ToJsonString();
        var conditions = stack.Json["Conditions"]!.AsObject();
        var byRegion = conditions.ToDictionary(
            c => (string)c.Value!["Fn::Equals"]![1]!,
            c => c.Key);
        Assert.Equal(["cn-north-1", "cn-northwest-1"], byRegion.Keys.Order());
        Assert.All(conditions, c => Assert.Equal("""{"Ref":"AWS::Region"}""", c.Value!["Fn::Equals"]![0]!.ToJsonString()));
        Assert.Contains(
            $$"""{"Fn::If":["{{byRegion["cn-north-1"]}}","041581134020",{"Fn::If":["{{byRegion["cn-northwest-1"]}}","069767869989","753240598075"]}]}""",
            layer);
    }

    [Fact]
    public void AdapterLayerVersion_FollowsContext()
    {
        Assert.EndsWith(":layer:LambdaAdapterLayerX86:27\"]]}", configured.Function("api").Properties["Layers"]![0]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Arm64_SwitchesTheFunctionArchitectureAndTheAdapterLayerTogether(string role)
    {
        var fn = arm.Function(role).Properties;
        Assert.Equal(["arm64"], SynthesizedStack.Strings(fn["Architectures"]));
        Assert.EndsWith(":layer:LambdaAdapterLayerArm64:25\"]]}", fn["Layers"]![0]!.ToJsonString());
        Assert.DoesNotContain("X86", fn["Layers"]![0]!.ToJsonString());
        Assert.Equal("dotnet10", (string?)fn["Runtime"]);
    }

    [Fact]
    public void Collector_RunsOneTickAtATime_WhenConcurrencyIsReserved()
    {
        Assert.Equal(1, (int)stack.Function("collector").Properties["ReservedConcurrentExecutions"]!);
        Assert.Null(stack.Function("api").Properties["ReservedConcurrentExecutions"]);
        Assert.Null(stack.Function("subscriptions").Properties["ReservedConcurrentExecutions"]);
        Assert.Null(configured.Function("collector").Properties["ReservedConcurrentExecutions"]);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Function_ConfiguresTheAdapter_AndTheDynamoDbStore(string role)
    {
        var env = stack.Environment(role);
        Assert.Equal("/opt/bootstrap", env["AWS_LAMBDA_EXEC_WRAPPER"]);
        Assert.Equal("8080", env["AWS_LWA_PORT"]);
        Assert.Equal("http://0.0.0.0:8080", env["ASPNETCORE_URLS"]);
        Assert.Equal("/v1/health", env["AWS_LWA_READINESS_CHECK_PATH"]);
        Assert.Equal(role, env["Tracker__Role"]);
        Assert.Equal("dynamodb", env["Tracker__Store"]);
        Assert.Equal($"{{\"Ref\":\"{stack.TableId}\"}}", env["Tracker__DynamoDb__Table"]);
    }

    [Theory]
    [InlineData("collector", true)]
    [InlineData("subscriptions", true)]
    [InlineData("api", false)]
    public void OnlyCollectorAndSubscriptions_KnowTheAlertTopic(string role, bool hasTopic)
    {
        var env = stack.Environment(role);
        if (hasTopic)
        {
            Assert.Equal($"{{\"Ref\":\"{stack.AlertTopicId}\"}}", env["Tracker__Alerts__Sns__TopicArn"]);
        }
        else
        {
            Assert.False(env.ContainsKey("Tracker__Alerts__Sns__TopicArn"));
        }
    }

    [Fact]
    public void SubscriptionsFunction_RateLimitsByTheClientAddressApiGatewayForwards()
    {
        Assert.Equal("true", stack.Environment("subscriptions")["Tracker__Subscriptions__TrustForwardedFor"]);
        Assert.False(stack.Environment("api").ContainsKey("Tracker__Subscriptions__TrustForwardedFor"));
    }

    [Fact]
    public void Collector_LinksAlertsToTheDeployedDashboard()
    {
        var url = stack.Environment("collector")["Tracker__PublicUrl"]!;
        var httpApi = Assert.Single(stack.ResourcesOfType("AWS::ApiGatewayV2::Api")).LogicalId;
        // The HTTP API's own endpoint attribute, not a hard-coded address.
        Assert.Equal($"{{\"Fn::GetAtt\":[\"{httpApi}\",\"ApiEndpoint\"]}}", url);
    }

    [Fact]
    public void OnlyTheCollector_ReceivesNonHttpEventsOnEventsPath()
    {
        Assert.Equal("/events", stack.Environment("collector")["AWS_LWA_PASS_THROUGH_PATH"]);
        Assert.False(stack.Environment("api").ContainsKey("AWS_LWA_PASS_THROUGH_PATH"));
        Assert.False(stack.Environment("subscriptions").ContainsKey("AWS_LWA_PASS_THROUGH_PATH"));
    }

    [Fact]
    public void OnlyTheCollector_TurnsServerErrorsIntoFailedInvocations()
    {
        Assert.Equal("500-599", stack.Environment("collector")["AWS_LWA_ERROR_STATUS_CODES"]);
        Assert.False(stack.Environment("api").ContainsKey("AWS_LWA_ERROR_STATUS_CODES"));
        Assert.False(stack.Environment("subscriptions").ContainsKey("AWS_LWA_ERROR_STATUS_CODES"));
    }

    [Fact]
    public void FailedCollectorTick_IsNotRetriedByLambda()
    {
        var config = stack.ResourcesOfType("AWS::Lambda::EventInvokeConfig").Single().Resource["Properties"]!;
        Assert.Equal(stack.Function("collector").LogicalId, (string?)config["FunctionName"]!["Ref"]);
        Assert.Equal(0, (int)config["MaximumRetryAttempts"]!);
        Assert.Equal(120, (int)config["MaximumEventAgeInSeconds"]!);
    }

    [Theory]
    [InlineData("collector", 1024, 55)]
    [InlineData("api", 1024, 10)]
    [InlineData("subscriptions", 512, 10)]
    public void Function_HasItsMemoryAndTimeout(string role, int memoryMb, int timeoutSeconds)
    {
        var fn = stack.Function(role).Properties;
        Assert.Equal(memoryMb, (int)fn["MemorySize"]!);
        Assert.Equal(timeoutSeconds, (int)fn["Timeout"]!);
    }

    [Fact]
    public void AllFunctions_ShareOnePublishedArtifact()
    {
        var code = stack.ResourcesOfType("AWS::Lambda::Function")
            .Select(f => f.Resource["Properties"]!["Code"]!.ToJsonString())
            .Distinct()
            .ToList();
        Assert.Single(code);
    }

    [Fact]
    public void EachFunction_HasItsOwnRole()
    {
        var roles = AllRoles.Select(r => (string)stack.Function(r).Properties["Role"]!["Fn::GetAtt"]![0]!).ToList();
        Assert.Equal(3, roles.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Function_LogsToItsOwnGroup_KeptForTwoWeeks(string role)
    {
        var logGroupId = (string)stack.Function(role).Properties["LoggingConfig"]!["LogGroup"]!["Ref"]!;
        var logGroup = stack.Properties(logGroupId);
        Assert.Equal(14, (int)logGroup["RetentionInDays"]!);
    }

    [Fact]
    public void EveryLogGroup_HasARetention()
    {
        var groups = stack.ResourcesOfType("AWS::Logs::LogGroup").ToList();
        Assert.Equal(4, groups.Count); // one per function and the API's access log
        Assert.All(groups, g => Assert.NotNull(g.Resource["Properties"]!["RetentionInDays"] as JsonValue));
    }
}
