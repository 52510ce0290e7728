using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;
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

    public static BlobServiceClient BlobService()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        return new BlobServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{DeadPort()}/devstoreaccount1;",
            options);
    }

    public static FeedbackRateLimiter RateLimiter(IServiceProvider provider) =>
        new(TableService(), provider.GetRequiredService<IOptions<StorageOptions>>(), provider.GetRequiredService<IOptions<FeedbackOptions>>(), TimeProvider.System);

    public static FeedbackArticleWriter ArticleWriter(IServiceProvider provider) =>
        new(TableService(), provider.GetRequiredService<IOptions<StorageOptions>>(), provider.GetRequiredService<FeedbackRateLimiter>());

    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
