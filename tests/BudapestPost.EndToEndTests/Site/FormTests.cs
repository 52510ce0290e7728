using System.Text.Json;
using BudapestPost.Testing;
using Microsoft.Playwright;

namespace BudapestPost.EndToEndTests.Site;

/// <summary>The report form and the newsletter box in Chromium, with script (no reload) and without (post, then 303).</summary>
[Collection(SiteAppCollection.Name)]
public sealed class FormTests(SiteAppFixture site)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Report_IsSeenInTheEditorsQueue(bool javaScript)
    {
        var before = await QueuedReportsAsync(SiteAppFixture.SeedSlug);
        var page = await site.NewPageAsync(javaScript);
        await page.GotoAsync($"/articles/{SiteAppFixture.SeedSlug}");

        await page.GetByLabel("A typo").CheckAsync();
        await page.GetByLabel("What is wrong, and what would be right?").FillAsync("The second paragraph repeats the word 'the'.");
        await page.GetByLabel("The words in the article it is about (optional)").FillAsync("the the");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        var receipt = page.Locator("#report-form .message");
        await receipt.WaitForAsync();

        Assert.Contains("Your report was received.", await receipt.InnerTextAsync());
        // With script the page stays and the receipt takes the form's place; without, the post leads to the receipt's page.
        Assert.EndsWith(javaScript ? $"/articles/{SiteAppFixture.SeedSlug}" : $"/articles/{SiteAppFixture.SeedSlug}/reported", page.Url);
        Assert.Equal(before + 1, await Eventually.Until(() => QueuedReportsAsync(SiteAppFixture.SeedSlug), count => count > before));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Report_Refused_ShowsTheErrorSummaryAndTheFieldsMessage(bool javaScript)
    {
        var before = await QueuedReportsAsync(SiteAppFixture.SeedSlug);
        var page = await site.NewPageAsync(javaScript);
        await page.GotoAsync($"/articles/{SiteAppFixture.SeedSlug}");

        await page.GetByLabel("What is wrong, and what would be right?").FillAsync("Too short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        var summary = page.Locator(".error-summary");
        await summary.WaitForAsync();

        Assert.Contains("What is wrong: Must be 10 to 4000 characters.", await summary.InnerTextAsync());
        Assert.Contains("Must be 10 to 4000 characters.", await page.Locator("#report-message-error").InnerTextAsync());
        Assert.Equal("Too short", await page.Locator("#report-message").InputValueAsync());
        if (javaScript)
        {
            Assert.True(await summary.EvaluateAsync<bool>("e => e === document.activeElement"));
        }
        await summary.GetByRole(AriaRole.Link).ClickAsync();
        Assert.True(await page.Locator("#report-message").EvaluateAsync<bool>("e => e === document.activeElement"));
        Assert.Equal(before, await QueuedReportsAsync(SiteAppFixture.SeedSlug));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Newsletter_SignUpInTheBox_ConfirmOnThePageTheEmailLinksTo(bool javaScript)
    {
        var address = $"site-reader-{Guid.NewGuid():N}@example.hu";
        var subscribedBefore = await SubscribedAsync();
        var page = await site.NewPageAsync(javaScript);
        await page.GotoAsync("/");

        await page.Locator("#newsletter-email").FillAsync(address);
        await page.GetByLabel("Europe").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        var message = page.Locator("#newsletter-form .message");
        await message.WaitForAsync();
        Assert.Contains("a confirmation email is on its way", await message.InnerTextAsync());

        var email = (await site.Mail.WaitForMailToAsync(address)).Single();
        var link = email.Text.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith(site.BaseUrl + "/newsletter/confirm?token=", StringComparison.Ordinal));
        await page.GotoAsync(link);
        // Following the link shows a button; it confirms nothing by itself.
        Assert.Equal(subscribedBefore, await SubscribedAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my subscription" }).ClickAsync();
        await page.WaitForURLAsync("**/newsletter/confirmed");

        Assert.Equal("You are subscribed", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(subscribedBefore + 1, await SubscribedAsync());
    }

    private async Task<int> QueuedReportsAsync(string slug)
    {
        var queue = await site.GetAsAdminAsync("api/feedback/articles?status=new&limit=100");
        return queue.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("slug").GetString() == slug)
            .Select(item => item.GetProperty("count").GetInt32())
            .SingleOrDefault();
    }

    private async Task<int> SubscribedAsync() =>
        (await site.GetAsAdminAsync("api/newsletter/subscribers/counts")).GetProperty("byStatus").GetProperty("subscribed").GetInt32();
}
