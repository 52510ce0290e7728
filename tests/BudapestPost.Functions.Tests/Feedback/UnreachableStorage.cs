using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Feedback;

/// <summary>Storage clients aimed at a loopback port nobody listens on: a real outage, with SDK retries off to keep tests fast.</summary>
internal static class UnreachableStorage
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static TableServiceClient TableService()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        return new TableServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{DeadPort()}/devstoreaccount1;",
            options);
    }

    /// <param name="policy">A policy to run on each request before it fails, e.g. the app's <see cref="StorageRequestCounter"/>.</param>
    public static BlobServiceClient BlobService(HttpPipelinePolicy? policy = null)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }
        return new BlobServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{DeadPort()}/devstoreaccount1;",
            options);
    }

    /// <summary>
    /// The app's feedback store on its real storage, except that the table requests <paramref name="unreachable"/>
    /// picks fail as a connection to a dead port does (so one step of a report can fail while the others work).
    /// </summary>
    public static FeedbackStore FeedbackStore(IServiceProvider provider, Func<HttpMessage, bool> unreachable)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(new UnreachablePolicy(unreachable), HttpPipelinePosition.PerRetry);
        var tables = new TableServiceClient(provider.GetRequiredService<IConfiguration>()["AzureWebJobsStorage"], options);
        return new FeedbackStore(tables, provider.GetRequiredService<IOptions<StorageOptions>>(), provider.GetRequiredService<IOptions<FeedbackOptions>>(),
            provider.GetRequiredService<TimeProvider>(), NullLogger<FeedbackStore>.Instance);
    }

    private sealed class UnreachablePolicy(Func<HttpMessage, bool> unreachable) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The SDK's async calls only.");

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            unreachable(message)
                ? throw new RequestFailedException("Connection refused", new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)))
                : ProcessNextAsync(message, pipeline);
    }

    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
