namespace CryptoTracker.Infra.Tests;

[Collection(SynthesizedStacks.Name)]
public sealed class ScheduleTests(DefaultStack stack)
{
    [Fact]
    public void Collector_RunsEveryMinute()
    {
        var rule = stack.ResourcesOfType("AWS::Events::Rule").Single().Resource["Properties"]!;
        Assert.Equal("rate(1 minute)", (string?)rule["ScheduleExpression"]);
        Assert.Equal("ENABLED", (string?)rule["State"]);

        var target = rule["Targets"]!.AsArray().Single()!;
        Assert.Equal(stack.Function("collector").LogicalId, (string?)target["Arn"]!["Fn::GetAtt"]![0]);
    }

    [Fact]
    public void CollectorTick_IsRetriedTwice_WithinTwoMinutes()
    {
        var target = stack.ResourcesOfType("AWS::Events::Rule").Single().Resource["Properties"]!["Targets"]![0]!;
        Assert.Equal(2, (int)target["RetryPolicy"]!["MaximumRetryAttempts"]!);
        Assert.Equal(120, (int)target["RetryPolicy"]!["MaximumEventAgeInSeconds"]!);
    }

    [Fact]
    public void UndeliveredTicks_GoToAnSqsDeadLetterQueue()
    {
        var target = stack.ResourcesOfType("AWS::Events::Rule").Single().Resource["Properties"]!["Targets"]![0]!;
        var queueId = (string)target["DeadLetterConfig"]!["Arn"]!["Fn::GetAtt"]![0]!;
        Assert.Equal("AWS::SQS::Queue", (string?)stack.Json["Resources"]![queueId]!["Type"]);

        // EventBridge may only send to the queue on behalf of this rule.
        var queuePolicy = stack.ResourcesOfType("AWS::SQS::QueuePolicy").Single().Resource["Properties"]!;
        var statement = queuePolicy["PolicyDocument"]!["Statement"]!.AsArray().Single()!;
        Assert.Equal("sqs:SendMessage", (string?)statement["Action"]);
        Assert.Equal("events.amazonaws.com", (string?)statement["Principal"]!["Service"]);
        Assert.Contains("aws:SourceArn", statement["Condition"]!.ToJsonString());
    }

    [Fact]
    public void OnlyEventBridge_MayInvokeTheCollector()
    {
        var collectorId = stack.Function("collector").LogicalId;
        var principals = stack.ResourcesOfType("AWS::Lambda::Permission")
            .Select(p => p.Resource["Properties"]!)
            .Where(p => (string?)p["FunctionName"]!["Fn::GetAtt"]?[0] == collectorId)
            .Select(p => (string?)p["Principal"])
            .ToList();
        Assert.Equal(["events.amazonaws.com"], principals);
    }
}
