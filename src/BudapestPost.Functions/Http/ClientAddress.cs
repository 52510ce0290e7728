using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace BudapestPost.Functions.Http;

/// <summary>
/// The address a request came from, as the rate limits and the stored client hash see it: the
/// connection's address. In Azure the App Service front end appends the caller's address to
/// X-Forwarded-For and the worker's ASP.NET Core integration turns that rightmost entry into
/// <see cref="ConnectionInfo.RemoteIpAddress"/> (removing it from the header), so whatever is left in
/// the header was written by the caller and is not trusted.
/// IPv6 addresses are cut to their /64 prefix, which one subscriber usually owns whole.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Resolve(HttpRequest request) =>
        request.HttpContext.Connection.RemoteIpAddress is { } address ? Normalize(address) : Unknown;

    private static string Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
