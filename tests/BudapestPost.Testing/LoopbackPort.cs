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
}
