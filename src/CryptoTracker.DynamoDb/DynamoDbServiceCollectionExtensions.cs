using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using CryptoTracker.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CryptoTracker.DynamoDb;

public static class DynamoDbServiceCollectionExtensions
{
    /// <summary>
    /// Registers the DynamoDB store as <see cref="IMetricStore"/> and one <see cref="IAmazonDynamoDB"/> client, with the
    /// options of <c>Tracker:DynamoDb</c> validated at start-up.
    /// </summary>
    public static IServiceCollection AddDynamoDbStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DynamoDbStoreOptions>()
            .Bind(configuration.GetSection(DynamoDbStoreOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Table), "Tracker:DynamoDb:Table is required (the table the CDK stack created).")
            .Validate(o => !o.IsLocal || Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out _), "Tracker:DynamoDb:ServiceUrl must be an absolute URL, e.g. http://127.0.0.1:4567.")
            .Validate(o => o.BatchWriteAttempts >= 1 && o.ParallelBatches >= 1, "Tracker:DynamoDb:BatchWriteAttempts and ParallelBatches must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton<IAmazonDynamoDB>(sp => CreateClient(sp.GetRequiredService<IOptions<DynamoDbStoreOptions>>().Value));
        services.AddSingleton(sp => new DynamoDbMetricStore(
            sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<DynamoDbStoreOptions>>().Value));
        services.AddSingleton<IMetricStore>(sp => sp.GetRequiredService<DynamoDbMetricStore>());
        return services;
    }

    /// <summary>
    /// A local endpoint gets fixed credentials and only an authentication region: setting RegionEndpoint next to
    /// ServiceURL makes the SDK drop the URL and call the real service. In AWS the default credential and region chains apply.
    /// </summary>
    public static IAmazonDynamoDB CreateClient(DynamoDbStoreOptions options)
    {
        var config = new AmazonDynamoDBConfig();
        if (options.IsLocal)
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(options.Region) ? "us-east-1" : options.Region;
            return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
        }
        if (!string.IsNullOrWhiteSpace(options.Region)) config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        return new AmazonDynamoDBClient(config);
    }
}
