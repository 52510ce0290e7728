using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Feedback;

/// <summary>Storage clients aimed at a loopback port nobody listens on: a real outage, with SDK retries off to keep tests fast.</summary>
internal static class UnreachableStorage
{
    public static TableServiceClient TableService()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        return new TableServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            options);
    }

    public static FeedbackStore FeedbackStore(IServiceProvider provider) =>
        new(TableService(), provider.GetRequiredService<IOptions<StorageOptions>>());
}
