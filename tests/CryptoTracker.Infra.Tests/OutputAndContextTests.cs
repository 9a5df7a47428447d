namespace CryptoTracker.Infra.Tests;

[Collection(SynthesizedStacks.Name)]
public sealed class OutputAndContextTests(DefaultStack stack, ConfiguredStack configured)
{
    [Theory]
    [InlineData("ApiUrl")]
    [InlineData("DashboardUrl")]
    [InlineData("AlertTopicArn")]
    [InlineData("TableName")]
    public void Stack_ExportsOutput(string name)
    {
        Assert.NotNull(stack.Json["Outputs"]?[name]?["Value"]);
    }

    [Fact]
    public void Outputs_PointAtTheApiTopicAndTable()
    {
        var outputs = stack.Json["Outputs"]!;
        var apiId = stack.ResourcesOfType("AWS::ApiGatewayV2::Api").Single().LogicalId;
        Assert.Equal($"{{\"Fn::GetAtt\":[\"{apiId}\",\"ApiEndpoint\"]}}", outputs["ApiUrl"]!["Value"]!.ToJsonString());
        Assert.Equal(
            $"{{\"Fn::Join\":[\"\",[{{\"Fn::GetAtt\":[\"{apiId}\",\"ApiEndpoint\"]}},\"/\"]]}}",
            outputs["DashboardUrl"]!["Value"]!.ToJsonString());
        Assert.Equal($"{{\"Ref\":\"{stack.AlertTopicId}\"}}", outputs["AlertTopicArn"]!["Value"]!.ToJsonString());
        Assert.Equal($"{{\"Ref\":\"{stack.TableId}\"}}", outputs["TableName"]!["Value"]!.ToJsonString());
    }

    [Fact]
    public void WithoutEmails_NoSubscriptionIsCreated()
    {
        Assert.Empty(stack.ResourcesOfType("AWS::SNS::Subscription"));
    }

    [Fact]
    public void AlertEmail_SubscribesToTheAlertTopic_AndOpsEmailToTheOperationsTopic()
    {
        var subscriptions = configured.ResourcesOfType("AWS::SNS::Subscription")
            .Select(s => s.Resource["Properties"]!)
            .ToDictionary(s => (string)s["Endpoint"]!, s => s);
        Assert.Equal(2, subscriptions.Count);

        Assert.Equal("email", (string?)subscriptions["alerts@example.com"]["Protocol"]);
        Assert.Equal(configured.AlertTopicId, (string?)subscriptions["alerts@example.com"]["TopicArn"]!["Ref"]);
        Assert.Equal("email", (string?)subscriptions["ops@example.com"]["Protocol"]);
        Assert.Equal(configured.OperationsTopicId, (string?)subscriptions["ops@example.com"]["TopicArn"]!["Ref"]);
    }
}
