namespace CryptoTracker.Infra.Tests;

/// <summary>
/// SMS exists only with <c>-c sms=true</c> (the configured stack): then, and only then, the subscriptions role may
/// sns:Publish on "*" — a Publish straight to a phone number (the confirmation code) has no topic ARN for IAM to name —
/// the function is told SMS is on, and an alarm watches the month's SMS spend.
/// </summary>
[Collection(SynthesizedStacks.Name)]
public sealed class SmsTests(DefaultStack stack, ConfiguredStack configured)
{
    [Fact]
    public void ByDefault_TheSubscriptionsRoleCannotPublishAtAll_AndSmsIsOff()
    {
        Assert.DoesNotContain(stack.StatementsFor("subscriptions"), st => SynthesizedStack.Actions(st).Contains("sns:Publish"));
        Assert.False(stack.Environment("subscriptions").ContainsKey("Tracker__Alerts__Sms__Enabled"));
        Assert.DoesNotContain(stack.ResourcesOfType("AWS::CloudWatch::Alarm"),
            a => (string?)a.Resource["Properties"]!["MetricName"] == "SMSMonthToDateSpentUSD");
    }

    [Fact]
    public void WithSms_TheSubscriptionsRoleMayPublishOnStar_BecauseADirectToPhonePublishHasNoTopicArn()
    {
        var publish = Assert.Single(configured.StatementsFor("subscriptions"), st => SynthesizedStack.Actions(st).Contains("sns:Publish"));
        Assert.Equal(["sns:Publish"], SynthesizedStack.Actions(publish));
        Assert.Equal("*", (string?)publish["Resource"]);
        Assert.Equal("Allow", (string?)publish["Effect"]);
        // Only the subscriptions role gains it: the api role still publishes nothing, the collector only to the topic.
        Assert.DoesNotContain(configured.StatementsFor("api"), st => SynthesizedStack.Actions(st).Contains("sns:Publish"));
        Assert.DoesNotContain(configured.StatementsFor("collector"), st => st["Resource"]!.ToJsonString() == "\"*\"");
    }

    [Fact]
    public void WithSms_TheFunctionIsToldSmsIsOn_AndWhichCountryCodes()
    {
        var env = configured.Environment("subscriptions");
        Assert.Equal("true", env["Tracker__Alerts__Sms__Enabled"]);
        Assert.Equal("+1,+44", env["Tracker__Alerts__Sms__AllowedPrefixes"]);
        Assert.False(configured.Environment("api").ContainsKey("Tracker__Alerts__Sms__Enabled"));
    }

    [Fact]
    public void WithSms_AnAlarmWatchesTheMonthsSmsSpend_AndTellsOperations()
    {
        var alarm = Assert.Single(configured.ResourcesOfType("AWS::CloudWatch::Alarm"),
            a => (string?)a.Resource["Properties"]!["MetricName"] == "SMSMonthToDateSpentUSD").Resource["Properties"]!;
        Assert.Equal("AWS/SNS", (string?)alarm["Namespace"]);
        Assert.Equal("Maximum", (string?)alarm["Statistic"]);
        Assert.Equal(2.5, (double)alarm["Threshold"]!);
        Assert.Equal("GreaterThanOrEqualToThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal("notBreaching", (string?)alarm["TreatMissingData"]);
        Assert.Equal($"{{\"Ref\":\"{configured.OperationsTopicId}\"}}", alarm["AlarmActions"]![0]!.ToJsonString());
    }
}
