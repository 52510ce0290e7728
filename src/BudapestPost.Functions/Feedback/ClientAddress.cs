using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// The address a request came from, as the rate limits and the stored client hash see it.
/// In Azure the function host sits behind the App Service front end, which appends the address of the
/// connection it accepted to X-Forwarded-For; the caller can write anything to the left of it, so only
/// the rightmost entry is trusted. Without the header (local runs) the connection's address is used.
/// IPv6 addresses are cut to their /64 prefix, which one subscriber usually owns whole.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Resolve(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        var rightmost = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        var address = rightmost is not null ? Parse(rightmost) : request.HttpContext.Connection.RemoteIpAddress;
        return address is null ? Unknown : Normalize(address);
    }

    // Accepts "203.0.113.7", "203.0.113.7:51234", "2001:db8::1" and "[2001:db8::1]:51234".
    private static IPAddress? Parse(string value)
    {
        if (IPEndPoint.TryParse(value, out var endPoint))
        {
            return endPoint.Address;
        }
        return IPAddress.TryParse(value, out var address) ? address : null;
    }

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
