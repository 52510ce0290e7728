using BudapestPost.Functions.Feedback;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Feedback;

public sealed class ClientHasherTests
{
    private static ClientHasher WithSalt(string salt) => new(Options.Create(new FeedbackOptions { ClientHashSalt = salt }));

    [Fact]
    public void Hash_SameAddressAndSalt_IsStableAndHidesAddress()
    {
        var hash = WithSalt("first-salt-0123456789").Hash("203.0.113.7");

        Assert.Equal(hash, WithSalt("first-salt-0123456789").Hash("203.0.113.7"));
        Assert.Matches("^[0-9a-f]{32}$", hash);
        Assert.DoesNotContain("203", hash);
    }

    [Fact]
    public void Hash_DifferentSaltOrAddress_Differs()
    {
        var hash = WithSalt("first-salt-0123456789").Hash("203.0.113.7");

        Assert.NotEqual(hash, WithSalt("other-salt-0123456789").Hash("203.0.113.7"));
        Assert.NotEqual(hash, WithSalt("first-salt-0123456789").Hash("203.0.113.8"));
    }
}
