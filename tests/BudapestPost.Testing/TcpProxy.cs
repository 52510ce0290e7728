using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BudapestPost.Testing;

/// <summary>
/// A loopback TCP forwarder that can be cut off and restored, for outages without stopping the
/// server behind it: <see cref="Stop"/> refuses new connections and drops open ones, as a storage
/// outage does; <see cref="Start"/> brings it back on the same port.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private TcpListener? _listener;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        Port = LoopbackPort.Free();
        Start();
    }

    public int Port { get; }

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }
        _connections.Clear();
    }

    public void Dispose() => Stop();

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        _connections[client] = 0;
        _connections[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort);
            var down = client.GetStream();
            var up = upstream.GetStream();
            await Task.WhenAny(down.CopyToAsync(up), up.CopyToAsync(down));
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // A dropped connection is what Stop is for.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            _connections.TryRemove(upstream, out _);
            client.Dispose();
        }
    }
}
