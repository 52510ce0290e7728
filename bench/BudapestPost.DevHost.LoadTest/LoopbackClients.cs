using System.Net;
using System.Net.Sockets;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// Simulated readers: HTTP handlers whose connections leave from their own loopback address
/// (127.0.0.10, 127.0.0.11, …), so the DevHost passes each one on as a distinct client and per-client
/// limits count them apart, as they would count real readers.
/// </summary>
public static class LoopbackClients
{
    private const int FirstHost = 10;

    public static IPAddress Address(int client) =>
        client is >= 0 and < 240 ? new IPAddress([127, 0, 0, (byte)(FirstHost + client)]) : throw new ArgumentOutOfRangeException(nameof(client));

    /// <summary>A handler that opens its connections from <see cref="Address"/> of <paramref name="client"/>.</summary>
    public static SocketsHttpHandler Handler(int client)
    {
        var source = new IPEndPoint(Address(client), 0);
        return new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(source);
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    public static HttpClient HttpClient(int client) => new(Handler(client)) { Timeout = TimeSpan.FromSeconds(30) };
}
