using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Http;

/// <summary>
/// The address a request came from, as the rate limits and the stored client hash see it.
/// <para>
/// Without Front Door it is the connection's address. In Azure the App Service front end appends the caller's
/// address to X-Forwarded-For and the worker's ASP.NET Core integration turns that rightmost entry into
/// <see cref="ConnectionInfo.RemoteIpAddress"/> (removing it from the header), so whatever is left in the header was
/// written by the caller and is not trusted.
/// </para>
/// <para>
/// Behind Front Door the connection comes from a Front Door edge, shared by every reader it serves: the reader's
/// address is then X-Azure-ClientIP, which Front Door sets itself. It is taken only from requests that carry our
/// profile's id in X-Azure-FDID (<see cref="FrontDoorOptions.Id"/>), which Front Door also sets itself, so a caller
/// cannot name an address of its choosing by writing both headers.
/// </para>
/// IPv6 addresses are cut to their /64 prefix, which one subscriber usually owns whole.
/// </summary>
public sealed class ClientAddress(IOptions<FrontDoorOptions> frontDoor)
{
    public const string Unknown = "unknown";

    private const string FrontDoorIdHeader = "X-Azure-FDID";
    private const string FrontDoorClientIpHeader = "X-Azure-ClientIP";

    private readonly string? _frontDoorId = string.IsNullOrWhiteSpace(frontDoor.Value.Id) ? null : frontDoor.Value.Id.Trim();

    public string Resolve(HttpRequest request)
    {
        var address = ThroughOurFrontDoor(request) ?? request.HttpContext.Connection.RemoteIpAddress;
        return address is null ? Unknown : Normalize(address);
    }

    private IPAddress? ThroughOurFrontDoor(HttpRequest request) =>
        _frontDoorId is not null
        && string.Equals(request.Headers[FrontDoorIdHeader].ToString(), _frontDoorId, StringComparison.OrdinalIgnoreCase)
        && IPAddress.TryParse(request.Headers[FrontDoorClientIpHeader].ToString(), out var client)
            ? client
            : null;

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
