using BudapestPost.Core.Newsletter;

namespace BudapestPost.Core.Tests.Newsletter;

public sealed class NewsletterTokenTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly string Key = NewsletterToken.SubscriberKey(Secret, "reader@example.hu");

    [Fact]
    public void Create_GivesDistinctWellFormedTokensWhoseHashIsNotTheToken()
    {
        var (a, b) = (NewsletterToken.Create(), NewsletterToken.Create());

        Assert.NotEqual(a, b);
        Assert.True(NewsletterToken.IsWellFormed(a));
        Assert.Equal(64, NewsletterToken.Hash(a).Length);
        Assert.NotEqual(NewsletterToken.Hash(a), NewsletterToken.Hash(b));
        Assert.DoesNotContain(a, NewsletterToken.Hash(a));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void IsWellFormed_Garbage_IsFalse(string? token) => Assert.False(NewsletterToken.IsWellFormed(token));

    [Fact]
    public void SubscriberKey_IsKeyedSoTheAddressAloneDoesNotGiveIt()
    {
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("reader@example.hu"u8));

        Assert.Equal(64, Key.Length);
        Assert.Equal(Key, NewsletterToken.SubscriberKey(Secret, "reader@example.hu"));
        Assert.NotEqual(Key, NewsletterToken.SubscriberKey(Secret, "reader2@example.hu"));
        Assert.NotEqual(Key, NewsletterToken.SubscriberKey(new byte[32], "reader@example.hu"));
        Assert.NotEqual(sha256, Key);
        Assert.Equal(sha256, NewsletterToken.LegacySubscriberKey("reader@example.hu"));
    }

    [Fact]
    public void UnsubscribeToken_RoundTripsToTheSubscriberKey()
    {
        var token = UnsubscribeToken.Create(Secret, Key);

        Assert.True(UnsubscribeToken.TryRead(Secret, token, out var key));
        Assert.Equal(Key, key);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    [Fact]
    public void UnsubscribeToken_UnderAnotherSecretOrAltered_IsRefused()
    {
        var token = UnsubscribeToken.Create(Secret, Key);
        var altered = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        Assert.False(UnsubscribeToken.TryRead(new byte[32], token, out _));
        Assert.False(UnsubscribeToken.TryRead(Secret, altered, out _));
        Assert.False(UnsubscribeToken.TryRead(Secret, token[..^2], out _));
        Assert.False(UnsubscribeToken.TryRead(Secret, null, out _));
    }
}
