using Amazon.CDK;
using CryptoTracker.Infra;

var app = new App();

// Environment-agnostic on purpose: region and account come from the deploying credentials, and
// the Web Adapter layer ARN follows the region through the AWS::Region pseudo parameter.
_ = new CryptoTrackerStack(app, "CryptoTracker", new StackProps
{
    Description = "CryptoTracker: crypto market tracker (collector, API, alerts)",
});

app.Synth();
