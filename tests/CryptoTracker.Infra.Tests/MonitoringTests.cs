using System.Text.Json.Nodes;

namespace CryptoTracker.Infra.Tests;

[Collection(SynthesizedStacks.Name)]
public sealed class MonitoringTests(DefaultStack stack)
{
    private JsonNode Alarm(string metricName) =>
        stack.ResourcesOfType("AWS::CloudWatch::Alarm")
            .Select(a => a.Resource["Properties"]!)
            .Single(a => (string?)a["MetricName"] == metricName);

    [Fact]
    public void EveryAlarm_NotifiesTheOperationsTopic_OnAlarmAndRecovery()
    {
        var alarms = stack.ResourcesOfType("AWS::CloudWatch::Alarm").ToList();
        Assert.Equal(5, alarms.Count);
        var opsTopic = $"[{{\"Ref\":\"{stack.OperationsTopicId}\"}}]";
        Assert.All(alarms, a =>
        {
            Assert.Equal(opsTopic, a.Resource["Properties"]!["AlarmActions"]!.ToJsonString());
            Assert.Equal(opsTopic, a.Resource["Properties"]!["OKActions"]!.ToJsonString());
        });
    }

    [Fact]
    public void CollectorErrors_AlarmOnAnyErrorInFiveMinutes()
    {
        var alarm = Alarm("Errors");
        Assert.Equal("AWS/Lambda", (string?)alarm["Namespace"]);
        Assert.Equal(stack.Function("collector").LogicalId, (string?)alarm["Dimensions"]![0]!["Value"]!["Ref"]);
        Assert.Equal("GreaterThanOrEqualToThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal(1, (int)alarm["Threshold"]!);
        Assert.Equal(300, (int)alarm["Period"]! * (int)alarm["EvaluationPeriods"]!);
        Assert.Equal("Sum", (string?)alarm["Statistic"]);
    }

    [Fact]
    public void CollectorNotRunning_AlarmsWhenNoInvocationInFiveMinutes_EvenWithNoData()
    {
        var alarm = Alarm("Invocations");
        Assert.Equal("AWS/Lambda", (string?)alarm["Namespace"]);
        Assert.Equal(stack.Function("collector").LogicalId, (string?)alarm["Dimensions"]![0]!["Value"]!["Ref"]);
        Assert.Equal("LessThanThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal(1, (int)alarm["Threshold"]!);
        Assert.Equal(300, (int)alarm["Period"]! * (int)alarm["EvaluationPeriods"]!);
        Assert.Equal("breaching", (string?)alarm["TreatMissingData"]);
    }

    [Fact]
    public void DataStale_AlarmsWhenNoTickFetchedAndStoredDataForFiveMinutes_EvenWithNoData()
    {
        // The metric the collector writes as Embedded Metric Format (SuccessfulTickMetric in the app).
        var alarm = Alarm("SuccessfulTicks");
        Assert.Equal("CryptoTracker", (string?)alarm["Namespace"]);
        Assert.Equal("""[{"Name":"Service","Value":"collector"}]""", alarm["Dimensions"]!.ToJsonString());
        Assert.Equal("LessThanThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal(1, (int)alarm["Threshold"]!);
        Assert.Equal(300, (int)alarm["Period"]! * (int)alarm["EvaluationPeriods"]!);
        Assert.Equal("breaching", (string?)alarm["TreatMissingData"]);
        Assert.Equal("true", stack.Environment("collector")["Tracker__Collector__EmitMetrics"]);
    }

    [Fact]
    public void Api5xx_AlarmsOnAnyServerErrorOfTheHttpApi()
    {
        var alarm = Alarm("5xx");
        var apiId = stack.ResourcesOfType("AWS::ApiGatewayV2::Api").Single().LogicalId;
        Assert.Equal("AWS/ApiGateway", (string?)alarm["Namespace"]);
        Assert.Equal("ApiId", (string?)alarm["Dimensions"]![0]!["Name"]);
        Assert.Equal(apiId, (string?)alarm["Dimensions"]![0]!["Value"]!["Ref"]);
        Assert.Equal("GreaterThanOrEqualToThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal(1, (int)alarm["Threshold"]!);
        Assert.Equal(300, (int)alarm["Period"]! * (int)alarm["EvaluationPeriods"]!);
    }

    [Fact]
    public void DeadLetteredTicks_AlarmOnEveryMessageSentToTheQueue_NotOnMessagesStillVisible()
    {
        // Visible messages stay ≥ 1 for the queue's 14 days, so that alarm would page once; messages sent page for each loss.
        Assert.DoesNotContain(stack.ResourcesOfType("AWS::CloudWatch::Alarm"),
            a => (string?)a.Resource["Properties"]!["MetricName"] == "ApproximateNumberOfMessagesVisible");
        var alarm = Alarm("NumberOfMessagesSent");
        var queueId = stack.ResourcesOfType("AWS::SQS::Queue").Single().LogicalId;
        Assert.Equal("AWS/SQS", (string?)alarm["Namespace"]);
        Assert.Equal("QueueName", (string?)alarm["Dimensions"]![0]!["Name"]);
        Assert.Equal(queueId, (string?)alarm["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]);
        Assert.Equal("Sum", (string?)alarm["Statistic"]);
        Assert.Equal(300, (int)alarm["Period"]! * (int)alarm["EvaluationPeriods"]!);
        Assert.Equal("GreaterThanOrEqualToThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal(1, (int)alarm["Threshold"]!);
        Assert.Equal("notBreaching", (string?)alarm["TreatMissingData"]);
    }
}
