using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;

namespace CryptoTracker.Infra;

public sealed record MonitoringProps(IFunction Collector, IHttpApi HttpApi, IQueue DeadLetterQueue, ITopic OperationsTopic);
