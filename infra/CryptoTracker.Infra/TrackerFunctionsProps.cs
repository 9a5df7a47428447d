using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SNS;

namespace CryptoTracker.Infra;

public sealed record TrackerFunctionsProps(
    Code Code,
    ITable Table,
    ITopic AlertTopic,
    CpuArchitecture Architecture,
    int AdapterLayerVersion,
    bool ReserveCollectorConcurrency,
    IDictionary<string, string> CollectorEnvironment);
