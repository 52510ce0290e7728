using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BudapestPost.EndToEndTests.Site;

/// <summary>
/// axe-core in Chromium: no WCAG 2.1 A or AA violation on any page template, light (dark for the front page and the
/// seed article), and the forms with their errors.
/// </summary>
[Collection(SiteAppCollection.Name)]
public sealed class AccessibilityTests(SiteAppFixture site)
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Theory]
    [MemberData(nameof(SitePageTypes.Templates), MemberType = typeof(SitePageTypes))]
    public async Task PageType_HasNoWcag21AAViolations(string path, int status)
    {
        var page = await site.NewPageAsync(javaScript: true);

        var response = await page.GotoAsync(path);

        Assert.Equal(status, response!.Status);
        await AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/articles/" + SiteAppFixture.SeedSlug)]
    public async Task PageType_InDarkMode_HasNoWcag21AAViolations(string path)
    {
        var page = await site.NewPageAsync(javaScript: true, ColorScheme.Dark);

        await page.GotoAsync(path);

        Assert.Equal("rgb(20, 20, 20)", await page.Locator("body").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Forms_WithTheirErrors_HaveNoWcag21AAViolations(ColorScheme scheme)
    {
        var page = await site.NewPageAsync(javaScript: true, scheme);
        await page.GotoAsync($"/articles/{SiteAppFixture.SeedSlug}/report");

        // The form posted as a browser without script posts it: the answer is the whole page, 400, with its errors.
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.Locator("form[data-enhance]").EvaluateAsync("form => HTMLFormElement.prototype.submit.call(form)"),
            response => response.Request.Method == "POST");
        await page.Locator(".error-summary").WaitForAsync();

        Assert.Equal(400, answer.Status);
        Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
        await AssertAccessibleAsync(page);

        await page.GotoAsync("/");
        await page.Locator("#newsletter-email").FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.Locator("#newsletter-form .error-summary").WaitForAsync();
        await AssertAccessibleAsync(page);
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(Wcag21AA);

        Assert.True(result.Violations.Length == 0, $"{page.Url}: " + string.Join("\n", result.Violations.Select(violation =>
            $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Select(node => node.Html))}")));
        Assert.NotEmpty(result.Passes);
    }
}
