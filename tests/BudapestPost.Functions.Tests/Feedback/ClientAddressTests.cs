using System.Net;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Tests.Support;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Feedback;

public sealed class ClientAddressTests
{
    private const string OurFrontDoor = "7d1f1c6a-2b4e-4c9b-9a51-0f3c2e8d4b10";
    private const string Edge = "147.243.1.10";

    private static ClientAddress Without() => new(Options.Create(new FrontDoorOptions()));

    private static ClientAddress BehindOurFrontDoor() => new(Options.Create(new FrontDoorOptions { Id = OurFrontDoor }));

    private static HttpExchange FromEdge(string? frontDoorId, string clientIp)
    {
        var exchange = new HttpExchange("POST", "/").WithHeader("X-Azure-ClientIP", clientIp);
        if (frontDoorId is not null)
        {
            exchange.WithHeader("X-Azure-FDID", frontDoorId);
        }
        exchange.Context.Connection.RemoteIpAddress = IPAddress.Parse(Edge);
        return exchange;
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void Resolve_ConnectionAddress_IsNormalized(string connection, string expected)
    {
        var exchange = new HttpExchange("POST", "/");
        exchange.Context.Connection.RemoteIpAddress = IPAddress.Parse(connection);

        Assert.Equal(expected, Without().Resolve(exchange.Request));
    }

    [Fact]
    public void Resolve_ForwardedForLeftInTheHeader_IsIgnored()
    {
        // What is left of X-Forwarded-For once the worker has taken the front end's entry is the caller's to forge.
        var exchange = new HttpExchange("POST", "/").WithHeader("X-Forwarded-For", "198.51.100.1");
        exchange.Context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.44");

        Assert.Equal("192.0.2.44", Without().Resolve(exchange.Request));
    }

    [Fact]
    public void Resolve_NoConnectionAddress_ReturnsUnknown()
    {
        Assert.Equal(ClientAddress.Unknown, Without().Resolve(new HttpExchange("POST", "/").Request));
    }

    [Theory]
    [InlineData(OurFrontDoor, "203.0.113.7", "203.0.113.7")]
    [InlineData("7D1F1C6A-2B4E-4C9B-9A51-0F3C2E8D4B10", "203.0.113.7", "203.0.113.7")]
    [InlineData(OurFrontDoor, "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    public void Resolve_ThroughOurFrontDoor_IsTheReadersAddress(string frontDoorId, string clientIp, string expected)
    {
        Assert.Equal(expected, BehindOurFrontDoor().Resolve(FromEdge(frontDoorId, clientIp).Request));
    }

    [Theory]
    [InlineData("00000000-1111-2222-3333-444444444444", "203.0.113.7")] // another profile's request
    [InlineData(null, "203.0.113.7")] // no Front Door header at all
    [InlineData(OurFrontDoor, "not an address")]
    [InlineData(OurFrontDoor, "")]
    public void Resolve_NotThroughOurFrontDoorOrNoAddress_IsTheConnectionAddress(string? frontDoorId, string clientIp)
    {
        Assert.Equal(Edge, BehindOurFrontDoor().Resolve(FromEdge(frontDoorId, clientIp).Request));
    }

    [Fact]
    public void Resolve_NoFrontDoorConfigured_NeverBelievesTheHeaders()
    {
        // Without Front Door anyone reaches the app directly and can write both headers.
        Assert.Equal(Edge, Without().Resolve(FromEdge(OurFrontDoor, "203.0.113.7").Request));
        Assert.Equal(Edge, Without().Resolve(FromEdge("", "203.0.113.7").Request));
    }
}
