namespace CryptoTracker.Infra.Tests;

/// <summary>The stack with receivers from a Secrets Manager secret: only a reference reaches the template.</summary>
public sealed class SecretReceiversStack() : SynthesizedStack(new Dictionary<string, object> { ["receiversSecret"] = "cryptotracker/receivers" });

/// <summary>The stack with receivers given inline (no secrets in them).</summary>
public sealed class InlineReceiversStack() : SynthesizedStack(new Dictionary<string, object>
{
    ["receivers"] = """[{"Name":"phone","Type":"ntfy","Url":"https://ntfy.sh/example-topic"}]""",
});

[Collection(SynthesizedStacks.Name)]
public sealed class AlertReceiversTests(DefaultStack stack)
{
    [Fact]
    public void ByDefault_NoFunctionGetsReceivers()
    {
        foreach (var role in new[] { "collector", "api", "subscriptions" })
            Assert.False(stack.Environment(role).ContainsKey("Tracker__Alerts__ReceiversJson"));
    }

    [Fact]
    public void ReceiversSecret_GivesTheCollectorADynamicReference_AndNoOtherFunctionAnything()
    {
        using var secret = new SecretReceiversStack();

        Assert.Equal("{{resolve:secretsmanager:cryptotracker/receivers:SecretString:::}}", secret.Environment("collector")["Tracker__Alerts__ReceiversJson"]);
        Assert.False(secret.Environment("api").ContainsKey("Tracker__Alerts__ReceiversJson"));
        Assert.False(secret.Environment("subscriptions").ContainsKey("Tracker__Alerts__ReceiversJson"));
        // CloudFormation resolves the reference at deploy time: no secret resource, no permission to read it at run time.
        Assert.Empty(secret.ResourcesOfType("AWS::SecretsManager::Secret"));
        Assert.DoesNotContain(secret.StatementsFor("collector"), s => SynthesizedStack.Actions(s).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal)));
    }

    [Fact]
    public void InlineReceivers_ReachTheCollectorAsTheyAre()
    {
        using var inline = new InlineReceiversStack();

        Assert.Equal("""[{"Name":"phone","Type":"ntfy","Url":"https://ntfy.sh/example-topic"}]""", inline.Environment("collector")["Tracker__Alerts__ReceiversJson"]);
    }

    [Fact]
    public void ReceiversThatAreNotAJsonArray_StopSynthesis()
    {
        var error = Assert.ThrowsAny<Exception>(() => new BadReceiversStack());
        Assert.Contains("must be a JSON array of receivers", error.ToString());
    }

    private sealed class BadReceiversStack() : SynthesizedStack(new Dictionary<string, object> { ["receivers"] = "{\"Name\":\"x\"}" });
}
