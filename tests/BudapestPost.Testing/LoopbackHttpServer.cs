using System.Net;

namespace BudapestPost.Testing;

/// <summary>
/// An HTTP server on a free loopback port for the stand-ins of outside services a test starts (the speech service,
/// an OTLP collector): it hands every request to <c>handle</c>, several at once, until it is disposed.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handle)
    {
        Port = LoopbackPort.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync(handle);
    }

    public int Port { get; }

    /// <summary>The server's address, ending in a slash.</summary>
    public string Url => $"http://127.0.0.1:{Port}/";

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    private async Task ServeAsync(Func<HttpListenerContext, Task> handle)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => handle(context));
        }
    }
}
