using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Registers the blob and table clients from the same connection the Functions host uses,
/// <c>AzureWebJobsStorage</c>: a connection string locally (Azurite), identity-based
/// <c>__blobServiceUri</c>/<c>__tableServiceUri</c>/<c>__clientId</c> settings in Azure.
/// </summary>
internal static class StorageClients
{
    public const string ConnectionName = "AzureWebJobsStorage";

    // The Functions queue trigger expects base64 message text by default.
    private static void UseBase64Messages(Azure.Storage.Queues.QueueClientOptions options) =>
        options.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64;

    public static void AddStorageClients(this AzureClientFactoryBuilder clients, IConfiguration configuration)
    {
        // Every request, retries included, passes the counter. Each storage call is a span (with its status and
        // retries); the SDK's own request logs would format and ship every call's headers again, and log the
        // 404s that GetEntityIfExists and the blob reads expect as warnings.
        clients.ConfigureDefaults((options, services) =>
        {
            options.AddPolicy(services.GetRequiredService<StorageRequestCounter>(), HttpPipelinePosition.PerRetry);
            options.Diagnostics.IsLoggingEnabled = false;
        });

        var connection = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrEmpty(connection.Value))
        {
            clients.AddBlobServiceClient(connection.Value);
            clients.AddTableServiceClient(connection.Value);
            clients.AddQueueServiceClient(connection.Value).ConfigureOptions(UseBase64Messages);
            return;
        }

        var blobUri = connection["blobServiceUri"];
        var tableUri = connection["tableServiceUri"];
        if (string.IsNullOrEmpty(blobUri) || string.IsNullOrEmpty(tableUri))
        {
            throw new InvalidOperationException(
                $"Set {ConnectionName} to a connection string (locally: UseDevelopmentStorage=true) or set " +
                $"{ConnectionName}__blobServiceUri and {ConnectionName}__tableServiceUri for an identity-based connection.");
        }

        clients.AddBlobServiceClient(new Uri(blobUri));
        clients.AddTableServiceClient(new Uri(tableUri));
        clients.AddQueueServiceClient(new Uri(connection["queueServiceUri"]
            ?? throw new InvalidOperationException($"Set {ConnectionName}__queueServiceUri for an identity-based connection.")))
            .ConfigureOptions(UseBase64Messages);
        var clientId = connection["clientId"];
        clients.UseCredential(string.IsNullOrEmpty(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)));
    }
}
