using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Tests.Support;

/// <summary>
/// Records every blob request an app sends (retries included) with the bytes it uploads, so a test can count
/// what one operation reads and writes where; unlike the app's own request counter, it tells tables and
/// containers apart. Add it with <see cref="AddTo"/> when the app starts.
/// </summary>
public sealed class BlobTraffic : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<BlobRequest> _requests = new();

    /// <summary>How many requests were recorded: a mark for <see cref="Since"/>.</summary>
    public int Count => _requests.Count;

    public IServiceCollection AddTo(IServiceCollection services)
    {
        services.AddAzureClients(clients => clients.ConfigureDefaults(options => options.AddPolicy(this, HttpPipelinePosition.PerRetry)));
        return services;
    }

    /// <summary>The blob requests recorded after <paramref name="mark"/> (a <see cref="Count"/>).</summary>
    public IReadOnlyList<BlobRequest> Since(int mark) => _requests.Skip(mark).ToList();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message.Request);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message.Request);
        return ProcessNextAsync(message, pipeline);
    }

    // Azurite's blob paths are {account}/{container}/{blob}; table paths have no blob.
    private void Record(Request request)
    {
        var segments = request.Uri.Path.TrimStart('/').Split('/', 3);
        if (segments.Length == 3)
        {
            var uploaded = request.Method == RequestMethod.Put && request.Content?.TryComputeLength(out var length) == true ? length : 0;
            _requests.Enqueue(new BlobRequest(request.Method.Method, segments[1], Uri.UnescapeDataString(segments[2]), uploaded));
        }
    }
}

/// <summary>One blob request: its method, where it went and the bytes it uploaded.</summary>
public sealed record BlobRequest(string Method, string Container, string Blob, long UploadedBytes);
