using System.Buffers.Text;

namespace BudapestPost.EndToEndTests.Site;

/// <summary>
/// An address of every page the website has, with the status it answers: what the HTML check goes through, and (one
/// address per template and state) the accessibility check. The report form with refused fields, a POST's answer, is
/// reached by the tests themselves.
/// </summary>
public static class SitePageTypes
{
    public static readonly string ConfirmToken = Base64Url.EncodeToString(new byte[32]);
    public static readonly string UnsubscribeToken = Base64Url.EncodeToString(new byte[48]);

    /// <summary>
    /// One address per template and state (the seed article with its 50 headlines and the AI notice, a corrected one):
    /// the pages <see cref="All"/> adds show the same template with other words (a tag's page is a section's, the
    /// newsletter's steps are one message page).
    /// </summary>
    public static TheoryData<string, int> Templates() => new()
    {
        { "/", 200 },
        { $"/articles/{SiteAppFixture.SeedSlug}", 200 },
        { $"/articles/{SiteAppFixture.CorrectedSlug}", 200 },
        { "/sections/europe", 200 },
        { "/search?q=taliban", 200 },
        { "/search?q=", 400 },
        { "/corrections", 200 },
        { "/newsletter", 200 },
        { $"/newsletter/confirm?token={ConfirmToken}", 200 },
        { $"/articles/{SiteAppFixture.SeedSlug}/report", 200 },
        { "/no/such/page", 404 },
        { $"/articles/{SiteAppFixture.RetractedSlug}", 410 },
    };

    public static TheoryData<string, int> All() => new()
    {
        { "/", 200 },
        { $"/articles/{SiteAppFixture.SeedSlug}", 200 },
        { $"/articles/{SiteAppFixture.CorrectedSlug}", 200 },
        { "/sections/europe", 200 },
        { "/tags/russia", 200 },
        { "/search", 200 },
        { "/search?q=taliban", 200 },
        { "/search?q=", 400 },
        { "/corrections", 200 },
        { "/newsletter", 200 },
        { "/newsletter/check-your-email", 200 },
        { $"/newsletter/confirm?token={ConfirmToken}", 200 },
        { "/newsletter/confirmed", 200 },
        { "/newsletter/link-expired", 200 },
        { $"/newsletter/unsubscribe?token={UnsubscribeToken}", 200 },
        { "/newsletter/unsubscribed", 200 },
        { $"/articles/{SiteAppFixture.SeedSlug}/report", 200 },
        { $"/articles/{SiteAppFixture.SeedSlug}/reported", 200 },
        { "/no/such/page", 404 },
        { $"/articles/{SiteAppFixture.RetractedSlug}", 410 },
    };
}
