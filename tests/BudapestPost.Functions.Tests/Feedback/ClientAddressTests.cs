using System.Net;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Tests.Support;

namespace BudapestPost.Functions.Tests.Feedback;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void Resolve_ConnectionAddress_IsNormalized(string connection, string expected)
    {
        var exchange = new HttpExchange("POST", "/");
        exchange.Context.Connection.RemoteIpAddress = IPAddress.Parse(connection);

        Assert.Equal(expected, ClientAddress.Resolve(exchange.Request));
    }

    [Fact]
    public void Resolve_ForwardedForLeftInTheHeader_IsIgnored()
    {
        // What is left of X-Forwarded-For once the worker has taken the front end's entry is the caller's to forge.
        var exchange = new HttpExchange("POST", "/").WithHeader("X-Forwarded-For", "198.51.100.1");
        exchange.Context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.44");

        Assert.Equal("192.0.2.44", ClientAddress.Resolve(exchange.Request));
    }

    [Fact]
    public void Resolve_NoConnectionAddress_ReturnsUnknown()
    {
        Assert.Equal(ClientAddress.Unknown, ClientAddress.Resolve(new HttpExchange("POST", "/").Request));
    }
}
