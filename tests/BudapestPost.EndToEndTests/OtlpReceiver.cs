using System.Collections.Concurrent;
using System.Net;
using System.Text;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>
/// A minimal OTLP/HTTP collector on loopback: keeps every protobuf body the app exports, by signal.
/// Names, span names and log templates are plain UTF-8 inside protobuf, so tests search the bytes.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    public OtlpReceiver() => _server = new LoopbackHttpServer(ReceiveAsync);

    public string Endpoint => _server.Url.TrimEnd('/');

    /// <summary>Whether the bodies posted to <paramref name="path"/> (e.g. /v1/metrics) hold every one of the texts.</summary>
    public bool Saw(string path, params string[] texts)
    {
        var bodies = _received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        return texts.All(text => bodies.Any(body => body.Contains(text, StringComparison.Ordinal)));
    }

    public IEnumerable<string> Paths => _received.Select(r => r.Path).Distinct();

    private async Task ReceiveAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
