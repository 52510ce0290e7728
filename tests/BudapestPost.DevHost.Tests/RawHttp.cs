using System.Net.Sockets;
using System.Text;

namespace BudapestPost.DevHost.Tests;

/// <summary>Sends bytes no HttpClient would write (broken chunking, say) and reads the whole answer as text.</summary>
public static class RawHttp
{
    public static async Task<string> SendAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
