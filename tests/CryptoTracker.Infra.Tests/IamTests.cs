using System.Text.Json.Nodes;

namespace CryptoTracker.Infra.Tests;

[Collection(SynthesizedStacks.Name)]
public sealed class IamTests(DefaultStack stack)
{
    private static readonly string[] DynamoDbWrites =
        ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"];

    private IEnumerable<string> ActionsOn(string role, string resourceLogicalId) =>
        stack.StatementsFor(role)
            .Where(s => s["Resource"]!.ToJsonString().Contains($"\"{resourceLogicalId}\""))
            .SelectMany(SynthesizedStack.Actions);

    [Fact]
    public void NoPolicyInTheStack_GrantsAWildcardAction()
    {
        var statements = stack.ResourcesOfType("AWS::IAM::Policy")
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, s =>
        {
            Assert.Equal("Allow", (string?)s!["Effect"]);
            Assert.All(SynthesizedStack.Actions(s.AsObject()), action => Assert.DoesNotContain("*", action));
        });
    }

    [Fact]
    public void NoRole_UsesAManagedPolicy()
    {
        // AWSLambdaBasicExecutionRole would allow writing to every log group in the account.
        Assert.All(stack.ResourcesOfType("AWS::IAM::Role"),
            r => Assert.Null(r.Resource["Properties"]!["ManagedPolicyArns"]));
    }

    [Fact]
    public void ApiRole_ReadsTheTable_AndCannotWrite()
    {
        var actions = stack.StatementsFor("api").SelectMany(SynthesizedStack.Actions).ToList();
        Assert.Equal(
            ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"],
            ActionsOn("api", stack.TableId).Order());
        Assert.DoesNotContain(actions, DynamoDbWrites.Contains);
        Assert.DoesNotContain(actions, a => a.StartsWith("sns:", StringComparison.Ordinal));
    }

    [Fact]
    public void ApiRole_TableStatement_NamesOnlyTheTableArn()
    {
        var resources = stack.StatementsFor("api")
            .Where(s => SynthesizedStack.Actions(s).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))
            .Select(s => s["Resource"]!.ToJsonString())
            .ToList();
        Assert.Equal([$"{{\"Fn::GetAtt\":[\"{stack.TableId}\",\"Arn\"]}}"], resources);
    }

    [Fact]
    public void SubscriptionsRole_SubscribesAndUnsubscribes_OnlyOnTheAlertTopic()
    {
        var snsStatements = stack.StatementsFor("subscriptions")
            .Where(s => SynthesizedStack.Actions(s).Any(a => a.StartsWith("sns:", StringComparison.Ordinal)))
            .ToList();
        var statement = Assert.Single(snsStatements);
        Assert.Equal(["sns:Subscribe", "sns:Unsubscribe"], SynthesizedStack.Actions(statement).Order());

        var resources = statement["Resource"]!.AsArray();
        Assert.NotEmpty(resources);
        Assert.All(resources, r =>
        {
            var json = r!.ToJsonString();
            Assert.Contains($"{{\"Ref\":\"{stack.AlertTopicId}\"}}", json);
            Assert.DoesNotContain(stack.OperationsTopicId, json);
        });
    }

    [Fact]
    public void SubscriptionsRole_ReadsTheTable_AndWritesOnlyTheSubscriptionLedgersItems()
    {
        var statements = stack.StatementsFor("subscriptions")
            .Where(st => st["Resource"]!.ToJsonString().Contains($"\"{stack.TableId}\"")).ToList();
        var reads = Assert.Single(statements, st => st["Condition"] is null);
        Assert.Equal(["dynamodb:GetItem", "dynamodb:Query"], SynthesizedStack.Actions(reads).Order());
        var writes = Assert.Single(statements, st => st["Condition"] is not null);
        Assert.Equal(["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], SynthesizedStack.Actions(writes).Order());
        Assert.Equal(["SUBSCRIPTIONS#*"], SynthesizedStack.Strings(writes["Condition"]!["ForAllValues:StringLike"]!["dynamodb:LeadingKeys"]));
        Assert.DoesNotContain(SynthesizedStack.Actions(writes), a => a is "dynamodb:BatchWriteItem");
    }

    [Fact]
    public void CollectorRole_WritesTheTable_AndPublishesAlerts()
    {
        Assert.Equal(
            [
                "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable",
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem",
            ],
            ActionsOn("collector", stack.TableId).Order());
        Assert.Equal(["sns:Publish"], ActionsOn("collector", stack.AlertTopicId));
        Assert.Empty(ActionsOn("collector", stack.OperationsTopicId));
    }

    [Theory]
    [InlineData("collector")]
    [InlineData("api")]
    [InlineData("subscriptions")]
    public void EveryRole_WritesLogsOnlyToItsOwnLogGroup(string role)
    {
        var logGroupId = (string)stack.Function(role).Properties["LoggingConfig"]!["LogGroup"]!["Ref"]!;
        var logStatements = stack.StatementsFor(role)
            .Where(s => SynthesizedStack.Actions(s).Any(a => a.StartsWith("logs:", StringComparison.Ordinal)))
            .ToList();
        var statement = Assert.Single(logStatements);
        Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents"], SynthesizedStack.Actions(statement).Order());
        Assert.Equal($"{{\"Fn::GetAtt\":[\"{logGroupId}\",\"Arn\"]}}", statement["Resource"]!.ToJsonString());
    }

    [Theory]
    [InlineData("collector")]
    [InlineData("api")]
    [InlineData("subscriptions")]
    public void EveryRole_CanOnlyBeAssumedByLambda(string role)
    {
        var roleId = (string)stack.Function(role).Properties["Role"]!["Fn::GetAtt"]![0]!;
        var trust = stack.Properties(roleId)["AssumeRolePolicyDocument"]!["Statement"]!.AsArray();
        var statement = Assert.Single(trust)!;
        Assert.Equal("sts:AssumeRole", (string?)statement["Action"]);
        Assert.Equal("lambda.amazonaws.com", (string?)statement["Principal"]!["Service"]);
    }
}
