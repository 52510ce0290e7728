using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BudapestPost.Testing;

/// <summary>Free loopback ports for servers a test starts, so tests never collide with a developer's 7071 or each other.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="server"/> accepts connections on every port; <paramref name="failure"/> says what to report if it exits first.</summary>
    public static async Task WaitUntilListeningAsync(Process server, IEnumerable<int> ports, TimeSpan timeout, Func<string> failure)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (true)
            {
                if (server.HasExited)
                {
                    throw new InvalidOperationException($"Exited with code {server.ExitCode} before listening. {failure()}");
                }
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < timeout)
                {
                    await Task.Delay(100);
                }
                catch (SocketException exception)
                {
                    throw new InvalidOperationException(
                        $"Nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds} s. The machine may be " +
                        "overloaded: run the tests again, or one project at a time (dotnet test tests/<project>).", exception);
                }
            }
        }
    }
}
