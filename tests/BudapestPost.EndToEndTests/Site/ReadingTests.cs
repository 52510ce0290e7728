using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace BudapestPost.EndToEndTests.Site;

/// <summary>A reader in Chromium, with script on and off: the seed article, search, a section's pages, a retraction.</summary>
[Collection(SiteAppCollection.Name)]
public sealed class ReadingTests(SiteAppFixture site)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SeedArticle_ReadsAsTheSeedPage_FromThisSiteAlone(bool javaScript)
    {
        var page = await site.NewPageAsync(javaScript);
        var requests = new List<IRequest>();
        page.Request += (_, request) => requests.Add(request);

        var response = await page.GotoAsync($"/articles/{SiteAppFixture.SeedSlug}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(200, response!.Status);
        Assert.Equal(SiteAppFixture.SeedTitle, await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Budapest Post", await page.Locator(".site-name").InnerTextAsync());
        Assert.Equal("Cum Deo pro Patria et Libertate", await page.Locator(".motto").InnerTextAsync());
        Assert.StartsWith("Central Asia expert Arkady Dubnov", await page.Locator(".lead").InnerTextAsync());
        Assert.Equal(["Sovereignty vs security", "Years of courting"], await page.Locator(".article-body h2").AllInnerTextsAsync());
        Assert.Contains("An advanced artificial intelligence (AI) system generated the content of this page", await page.Locator("#report").InnerTextAsync());
        Assert.True(await page.GetByLabel("What is wrong, and what would be right?").IsVisibleAsync());
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Newsletter" }).IsVisibleAsync());
        Assert.Equal(50, await page.Locator(".related li a").CountAsync());
        // The narration's player: no autoplay, nothing loaded until asked, its duration in the caption, reachable by keyboard.
        var player = page.Locator("figure.audio audio");
        Assert.Equal(1, await player.CountAsync());
        Assert.Equal("none", await player.GetAttributeAsync("preload"));
        Assert.Null(await player.GetAttributeAsync("autoplay"));
        Assert.Equal(site.SeedAudio.GetProperty("url").GetString(), await page.Locator("figure.audio source").GetAttributeAsync("src"));
        var seconds = (int)Math.Round(site.SeedAudio.GetProperty("durationSeconds").GetDouble());
        Assert.Equal($"Listen to this article ({seconds / 60} min {seconds % 60} s)", await page.Locator("figure.audio figcaption").InnerTextAsync());
        await player.FocusAsync();
        Assert.True(await player.EvaluateAsync<bool>("e => document.activeElement === e"));
        // The footer's feed links stand apart on screen, not run together into one word.
        var feedLinks = await page.Locator(".site-footer a[type]").EvaluateAllAsync<double[][]>(
            "links => links.map(a => { const box = a.getBoundingClientRect(); return [box.left, box.right, box.top]; })");
        Assert.Equal(3, feedLinks.Length);
        Assert.All(feedLinks.Zip(feedLinks.Skip(1)), pair => Assert.True(pair.Second[2] > pair.First[2] || pair.Second[0] - pair.First[1] >= 8, $"{pair.First[1]} to {pair.Second[0]}"));
        // Styled by the site's one stylesheet, no web font, nothing from anywhere else.
        Assert.Equal("rgb(255, 255, 255)", await page.Locator("body").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.All(requests, request => Assert.StartsWith(site.BaseUrl + "/", request.Url));
        Assert.DoesNotContain(requests, request => request.ResourceType == "font");
        Assert.Contains(requests, request => request.ResourceType == "stylesheet");
        Assert.Equal(javaScript, requests.Any(request => request.ResourceType == "script"));
    }

    [Fact]
    public async Task SeedArticle_Player_LoadsTheNarrationWithItsDuration()
    {
        var page = await site.NewPageAsync(javaScript: true);
        await page.GotoAsync($"/articles/{SiteAppFixture.SeedSlug}");

        // What pressing play asks for first: the file's metadata, through the page's own player.
        var duration = await page.Locator("figure.audio audio").EvaluateAsync<double>("""
            audio => new Promise((resolve, reject) => {
              audio.addEventListener('loadedmetadata', () => resolve(audio.duration));
              audio.addEventListener('error', () => reject(new Error('error ' + audio.error.code)), true);
              audio.preload = 'metadata';
              audio.load();
            })
            """);

        Assert.Equal(site.SeedAudio.GetProperty("durationSeconds").GetDouble(), duration, 0.5);
    }

    [Fact]
    public async Task SeedArticle_IsLight_AtMost50KiBOfHtmlAndCssWithGzip()
    {
        using var client = new HttpClient { BaseAddress = site.Client.BaseAddress };
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        var html = await client.GetAsync($"articles/{SiteAppFixture.SeedSlug}");
        var stylesheet = System.Text.RegularExpressions.Regex.Match(await Decompressed(html), "<link rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value;
        var css = await client.GetAsync(stylesheet.TrimStart('/'));
        var transferred = (await html.Content.ReadAsByteArrayAsync()).Length + (await css.Content.ReadAsByteArrayAsync()).Length;

        Assert.Equal(["gzip"], html.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], css.Content.Headers.ContentEncoding);
        Assert.True(transferred <= 50 * 1024, $"{transferred} bytes");
        Assert.Equal("public, max-age=31536000, immutable", css.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Search_FromTheMasthead_OpensAResult(bool javaScript)
    {
        var page = await site.NewPageAsync(javaScript);
        await page.GotoAsync("/");

        await page.Locator("#site-search-q").FillAsync("Taliban");
        if (javaScript)
        {
            // Suggestions as you type: titles from the API's completions, offered by the box's datalist.
            await page.Locator("#site-search-q").PressSequentiallyAsync(" ");
            await page.Locator("#search-suggestions option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
            Assert.Contains(SiteAppFixture.SeedTitle, await page.Locator("#search-suggestions option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        }
        await page.Locator("#site-search-q").PressAsync("Enter");
        await page.WaitForURLAsync("**/search?q=*");
        var results = page.Locator(".results li");

        Assert.True(await results.CountAsync() >= 1);
        Assert.True(await page.Locator(".results mark").CountAsync() >= 1);
        await page.Locator(".results a", new() { HasText = "Taliban" }).First.ClickAsync();
        await page.WaitForURLAsync($"**/articles/{SiteAppFixture.SeedSlug}");
        Assert.Equal(SiteAppFixture.SeedTitle, await page.Locator("h1").InnerTextAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Section_PagesThroughEveryArticle(bool javaScript)
    {
        var page = await site.NewPageAsync(javaScript);
        await page.GotoAsync("/");
        await page.Locator(".sections a", new() { HasText = "Europe" }).ClickAsync();
        await page.WaitForURLAsync("**/sections/europe");

        var seen = new List<string>();
        var pages = 0;
        while (true)
        {
            pages++;
            seen.AddRange(await page.Locator(".card-title a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
            var older = page.GetByRole(AriaRole.Link, new() { Name = "Older articles" });
            if (await older.CountAsync() == 0)
            {
                break;
            }
            await older.ClickAsync();
            await page.WaitForLoadStateAsync();
        }

        var listed = await site.Client.GetFromJsonAsync<JsonElement>("api/articles?section=europe&limit=100");
        var expected = listed.GetProperty("items").EnumerateArray().Select(item => "/articles/" + item.GetProperty("slug").GetString()).ToList();
        Assert.True(pages >= 2, $"{pages} page(s)");
        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RetractedArticle_Is410_SayingSoWithItsCorrections(bool javaScript)
    {
        var page = await site.NewPageAsync(javaScript);

        var response = await page.GotoAsync($"/articles/{SiteAppFixture.RetractedSlug}");

        Assert.Equal((int)HttpStatusCode.Gone, response!.Status);
        Assert.Equal("This article was retracted", await page.Locator("h1").InnerTextAsync());
        Assert.Contains(SiteAppFixture.RetractionCorrection, await page.Locator(".corrections").InnerTextAsync());
        Assert.True(await page.Locator(".site-name").IsVisibleAsync());
    }

    [Fact]
    public async Task CorrectedArticle_ShowsItsCorrectionAtItsAnchor()
    {
        var page = await site.NewPageAsync(javaScript: false);

        await page.GotoAsync($"/articles/{SiteAppFixture.CorrectedSlug}#{site.CorrectionAnchor}");

        Assert.Contains(SiteAppFixture.CorrectionText, await page.Locator($"#{site.CorrectionAnchor}").InnerTextAsync());
    }

    private static async Task<string> Decompressed(HttpResponseMessage response)
    {
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        return await new StreamReader(gzip).ReadToEndAsync();
    }
}
