using Amazon.CDK;
using CryptoTracker.Infra;

var app = new App();

// Environment-agnostic on purpose: region and account come from the deploying credentials, and
// the Web Adapter layer ARN follows them through the AWS::Partition and AWS::Region pseudo parameters.
_ = new CryptoTrackerStack(app, "CryptoTracker", new StackProps
{
    Description = "CryptoTracker: crypto market tracker (collector, API, alerts)",
});

app.Synth();
