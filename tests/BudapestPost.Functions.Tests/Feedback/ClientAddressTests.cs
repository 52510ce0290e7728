using System.Net;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Tests.Support;

namespace BudapestPost.Functions.Tests.Feedback;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:50123", "203.0.113.7")]
    [InlineData("10.9.9.9, 203.0.113.7:50123", "203.0.113.7")]
    [InlineData("spoofed, 198.51.100.1", "198.51.100.1")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("[2001:db8:1:2:aaaa::1]:443", "2001:db8:1:2::/64")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void Resolve_ForwardedFor_UsesRightmostEntry(string header, string expected)
    {
        var exchange = new HttpExchange("POST", "/").WithHeader("X-Forwarded-For", header);

        Assert.Equal(expected, ClientAddress.Resolve(exchange.Request));
    }

    [Fact]
    public void Resolve_NoHeader_UsesConnectionAddress()
    {
        var exchange = new HttpExchange("POST", "/");
        exchange.Context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.44");

        Assert.Equal("192.0.2.44", ClientAddress.Resolve(exchange.Request));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData(null)]
    public void Resolve_NothingUsable_ReturnsUnknown(string? header)
    {
        var exchange = new HttpExchange("POST", "/");
        if (header is not null)
        {
            exchange.WithHeader("X-Forwarded-For", header);
        }

        Assert.Equal(ClientAddress.Unknown, ClientAddress.Resolve(exchange.Request));
    }
}
