using BudapestPost.Core.Newsletter;

namespace BudapestPost.Core.Tests.Newsletter;

public sealed class NewsletterMailTests
{
    private static readonly MailLinks Links = new(
        "Budapest Post", new Uri("https://budapestpost.test/"),
        new Uri("https://api.test/api/newsletter/unsubscribe?token=abc"), new Uri("https://budapestpost.test/newsletter/unsubscribe?token=abc"));

    private static readonly DigestArticle[] Articles =
    [
        new("summit", "Leaders <meet> in Brussels", "A lead & more.", DateTimeOffset.UnixEpoch, ["nato"], "europe"),
        new("chips", "New chip factory", "Second lead.", DateTimeOffset.UnixEpoch, ["tech"], "business"),
    ];

    private static Uri ArticleUrl(string slug) => new("https://budapestpost.test/articles/" + slug);

    [Fact]
    public void Digest_ListsTitleLeadAndLinkInBothBodies()
    {
        var mail = NewsletterMail.Digest(Links, new DateOnly(2026, 11, 25), Articles, ArticleUrl);

        Assert.Equal("Budapest Post: 2 new articles, 25 November 2026", mail.Subject);
        Assert.Contains("Leaders <meet> in Brussels\nA lead & more.\nhttps://budapestpost.test/articles/summit", mail.Text.Replace("\r\n", "\n"));
        Assert.Contains("<a href=\"https://budapestpost.test/articles/chips\">New chip factory</a>", mail.Html);
        Assert.Contains("Leaders &lt;meet&gt; in Brussels", mail.Html);
        Assert.Contains("A lead &amp; more.", mail.Html);
        Assert.DoesNotContain("<meet>", mail.Html);
        Assert.Contains("https://budapestpost.test/newsletter/unsubscribe?token=abc", mail.Text);
    }

    [Fact]
    public void EveryEmail_CarriesOneClickUnsubscribeHeaders()
    {
        var confirmation = NewsletterMail.Confirmation(Links, new Uri("https://api.test/api/newsletter/confirm?token=t"), TimeSpan.FromHours(48));
        var digest = NewsletterMail.Digest(Links, new DateOnly(2026, 11, 25), Articles[..1], ArticleUrl);

        foreach (var mail in new[] { confirmation, digest })
        {
            Assert.Equal("<https://api.test/api/newsletter/unsubscribe?token=abc>", mail.Headers["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        }
        Assert.Equal("Budapest Post: Leaders <meet> in Brussels", digest.Subject);
        Assert.Contains("https://api.test/api/newsletter/confirm?token=t", confirmation.Text);
        Assert.Contains("48 hours", confirmation.Html);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "europe" }, true)]
    [InlineData(new[] { "nato" }, true)]
    [InlineData(new[] { "tech", "world" }, false)]
    public void MatchesAny_TagOrSection(string[] topics, bool matches) =>
        Assert.Equal(matches, Articles[0].MatchesAny(topics));
}
