using System.Text.Json.Nodes;
using CryptoTracker.DynamoDb;
using CryptoTracker.Sns;

namespace CryptoTracker.Infra.Tests;

/// <summary>
/// Each role is granted exactly what its code calls: the lists kept next to the adapters (DynamoDbActions,
/// SnsActions — checked against the calls really made in the Stores and Sns tests) must equal the template's.
/// </summary>
[Collection(SynthesizedStacks.Name)]
public sealed class IamTests(DefaultStack stack)
{
    private static readonly string[] DynamoDbWrites =
        ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"];

    private IEnumerable<string> ActionsOn(string role, string resourceLogicalId) =>
        stack.StatementsFor(role)
            .Where(s => s["Resource"]!.ToJsonString().Contains($"\"{resourceLogicalId}\""))
            .SelectMany(SynthesizedStack.Actions);

    /// <summary>Every action of the role, by service prefix; logs are checked separately.</summary>
    private IReadOnlyList<string> ServiceActions(string role, string prefix) =>
        [.. stack.StatementsFor(role).SelectMany(SynthesizedStack.Actions).Where(a => a.StartsWith(prefix, StringComparison.Ordinal)).Order()];

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
            Assert.DoesNotContain("*", s["Resource"]!.ToJsonString());
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
    public void CollectorRole_HasExactlyTheStoreWriterAndAlertPublisherActions()
    {
        Assert.Equal(DynamoDbActions.Writer.Order(), ServiceActions("collector", "dynamodb:"));
        Assert.Equal(DynamoDbActions.Writer.Order(), ActionsOn("collector", stack.TableId).Order());
        Assert.Equal(SnsActions.Publisher.Order(), ServiceActions("collector", "sns:"));
        Assert.Equal(SnsActions.Publisher.Order(), ActionsOn("collector", stack.AlertTopicId).Order());
        Assert.Empty(ActionsOn("collector", stack.OperationsTopicId));
    }

    [Fact]
    public void CollectorRole_HasNoActionItsCodeDoesNotCall()
    {
        // Written out by hand from the review of the store: deletes go through BatchWriteItem, the table is never described.
        var actions = stack.StatementsFor("collector").SelectMany(SynthesizedStack.Actions).ToList();
        Assert.DoesNotContain("dynamodb:DeleteItem", actions);
        Assert.DoesNotContain("dynamodb:BatchGetItem", actions);
        Assert.DoesNotContain("dynamodb:DescribeTable", actions);
    }

    [Fact]
    public void ApiRole_HasExactlyTheStoreReaderActions_AndNoSns()
    {
        Assert.Equal(DynamoDbActions.Reader.Order(), ServiceActions("api", "dynamodb:"));
        Assert.Equal(["dynamodb:GetItem", "dynamodb:Query"], ActionsOn("api", stack.TableId).Order());
        var actions = stack.StatementsFor("api").SelectMany(SynthesizedStack.Actions).ToList();
        Assert.DoesNotContain(actions, DynamoDbWrites.Contains);
        Assert.Empty(ServiceActions("api", "sns:"));
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
    public void SubscriptionsRole_SubscribesAndUnsubscribes_OnTheAlertTopicArnOnly()
    {
        Assert.Equal(SnsActions.SubscriptionManager.Order(), ServiceActions("subscriptions", "sns:"));
        var snsStatements = stack.StatementsFor("subscriptions")
            .Where(s => SynthesizedStack.Actions(s).Any(a => a.StartsWith("sns:", StringComparison.Ordinal)))
            .ToList();
        var statement = Assert.Single(snsStatements);
        Assert.Equal(["sns:Subscribe", "sns:Unsubscribe"], SynthesizedStack.Actions(statement).Order());
        // The topic itself, not "<topic>:*".
        Assert.Equal($"{{\"Ref\":\"{stack.AlertTopicId}\"}}", statement["Resource"]!.ToJsonString());
    }

    [Fact]
    public void SubscriptionsRole_OnlyReadsTheTable()
    {
        Assert.Equal(DynamoDbActions.Reader.Order(), ServiceActions("subscriptions", "dynamodb:"));
        Assert.Equal(["dynamodb:GetItem", "dynamodb:Query"], ActionsOn("subscriptions", stack.TableId).Order());
    }

    [Theory]
    [InlineData("collector")]
    [InlineData("api")]
    [InlineData("subscriptions")]
    public void EveryRole_HasOnlyDynamoDbSnsAndItsOwnLogs(string role)
    {
        var actions = stack.StatementsFor(role).SelectMany(SynthesizedStack.Actions).ToList();
        Assert.All(actions, a => Assert.Matches("^(dynamodb|sns|logs):[A-Za-z]+$", a));
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
