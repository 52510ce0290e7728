using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;
using Microsoft.Playwright;

namespace BudapestPost.EndToEndTests.Site;

[CollectionDefinition(Name)]
public sealed class SiteAppCollection : ICollectionFixture<SiteAppFixture>
{
    public const string Name = "Website";
}

/// <summary>
/// The website as readers get it, shared by the browser tests: Azurite, MailDev and the DevHost with the real app, its
/// links pointing at the DevHost itself (as ./run.sh sets them up), the sample articles published (the seed page among
/// them) with a correction and a retraction, the seed article narrated, and one headless Chromium — Debian's, driven by
/// Playwright.
/// </summary>
public sealed class SiteAppFixture : IAsyncLifetime
{
    public const string SeedSlug = "not-an-enemy-any-more-why-russia-is-courting-the-taliban";
    public const string SeedTitle = "'Not An Enemy' Any More: Why Russia Is Courting The Taliban";
    public const string CorrectedSlug = "corrected-in-europe";
    public const string CorrectionText = "An earlier version gave the wrong date of the summit.";
    public const string RetractedSlug = "withdrawn-report";
    public const string RetractionCorrection = "The report relied on a source that proved unreliable.";

    /// <summary>Articles in section europe besides the samples', so the section has more than one page.</summary>
    private const int ExtraEuropeArticles = 5;

    private LocalSettingsFile? _settings;
    private IPlaywright? _playwright;

    public AzuriteFixture Storage { get; } = new();
    public MailDevFixture Mail { get; } = new();
    public DevHostProcess Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The DevHost's address, without a trailing slash: the website's root, as Site__BaseUrl names it.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The seed article's narration as its JSON gives it (<c>url</c>, <c>durationSeconds</c>, ...).</summary>
    public JsonElement SeedAudio { get; private set; }

    /// <summary>The correction's anchor on <see cref="CorrectedSlug"/>'s page, once published.</summary>
    public string CorrectionAnchor { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Storage.InitializeAsync(), Mail.InitializeAsync(), StartBrowserAsync());
        var port = LoopbackPort.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        _settings = LocalSettingsFile.Create(Storage.ConnectionString, new Dictionary<string, string>
        {
            ["Site__BaseUrl"] = BaseUrl,
            ["Feeds__PublicApiUrl"] = BaseUrl + "/api/",
            ["Newsletter__ApiBaseUrl"] = BaseUrl,
            ["Smtp__Port"] = Mail.SmtpPort.ToString(),
            // Every test reader comes from 127.0.0.1.
            ["Feedback__PerArticlePermitLimit"] = "1000",
            ["Feedback__PerClientPermitLimit"] = "1000",
            ["Newsletter__PerClientPermitLimit"] = "1000",
        });
        Host = await FunctionAppFixture.StartDevHostAsync(port, _settings.Path);
        await PublishAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        await Task.WhenAll(Storage.DisposeAsync(), Mail.DisposeAsync());
        _settings?.Dispose();
    }

    /// <summary>A fresh browser context (no cookies, no cache) on the website, with script on or off.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript, ColorScheme colorScheme = ColorScheme.Light, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            ColorScheme = colorScheme,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>A GET as a signed-in admin, for the editors' and operators' API.</summary>
    public async Task<JsonElement> GetAsAdminAsync(string path) =>
        await (await Host.AdminAsync()).GetFromJsonAsync<JsonElement>(path);

    private async Task StartBrowserAsync()
    {
        // Playwright's own browser download cannot work here: the tests drive the distribution's Chromium.
        var executable = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not installed at {executable}: run ./test.sh (it installs Debian's chromium), or set PLAYWRIGHT_CHROMIUM.");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // No sandbox (the tests may run as root), and none of the browser's own traffic: only loopback is reachable.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    // The samples (the seed page among them) and a few more, then a correction through the API and a retraction.
    private async Task PublishAsync()
    {
        var container = Storage.BlobService.GetBlobContainerClient("articles");
        await container.CreateIfNotExistsAsync();
        var samples = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples", "articles"), "*.md");
        var uploads = samples.Select(file => container.GetBlobClient(Path.GetFileName(file)).UploadAsync(file, overwrite: true)).ToList();
        for (var i = 0; i < ExtraEuropeArticles; i++)
        {
            uploads.Add(container.GetBlobClient($"europe-brief-{i}.md").UploadAsync(new BinaryData(new ArticleFileBuilder()
                .WithTitle($"Europe in brief, number {i + 1}").WithLead("The day's short news from around Europe.").WithSection("europe")
                .WithTags("briefs").WithPublished($"2025-01-{10 + i:D2}T08:00:00+01:00").Build()), overwrite: true));
        }
        uploads.Add(container.GetBlobClient(CorrectedSlug + ".md").UploadAsync(new BinaryData(new ArticleFileBuilder()
            .WithTitle("Summit dates set for the spring").WithLead("European leaders agreed when to meet.").WithSection("europe")
            .WithPublished("2025-02-10T09:00:00+01:00").Build()), overwrite: true));
        uploads.Add(container.GetBlobClient(RetractedSlug + ".md").UploadAsync(new BinaryData(Retraction().WithStatus("published").Build()), overwrite: true));
        await Task.WhenAll(uploads);
        var expected = samples.Length + ExtraEuropeArticles + 2;

        var listed = await Eventually.Until(CountListedAsync, count => count >= expected, TimeSpan.FromMinutes(3));
        Assert.True(listed >= expected, $"{listed} of {expected} articles were published in time.");

        // An editor's correction through the API, and a retraction uploaded over a published article.
        using var correction = new HttpRequestMessage(HttpMethod.Post, $"api/articles/{CorrectedSlug}/corrections")
        {
            Content = JsonContent.Create(new { text = CorrectionText, feedback = Array.Empty<string>() }),
        };
        var corrected = await (await Host.EditorAsync()).SendAsync(correction);
        Assert.Equal(HttpStatusCode.Accepted, corrected.StatusCode);
        CorrectionAnchor = new Uri(new Uri(BaseUrl), corrected.Headers.Location!).Fragment.TrimStart('#');
        await container.GetBlobClient(RetractedSlug + ".md").UploadAsync(new BinaryData(Retraction().Build()), overwrite: true);

        await Eventually.Until(() => StatusAsync($"api/articles/{RetractedSlug}"), status => status == HttpStatusCode.Gone, TimeSpan.FromMinutes(2));
        await Eventually.Until(() => Client.GetStringAsync($"api/articles/{CorrectedSlug}"), body => body.Contains(CorrectionText, StringComparison.Ordinal),
            TimeSpan.FromMinutes(2));
        await Eventually.Until(async () => (await Client.GetFromJsonAsync<JsonElement>("api/search?q=taliban")).GetProperty("total").GetInt32(),
            total => total > 0, TimeSpan.FromMinutes(2));
        // The narration follows the publish (espeak-ng here); the pages are read once it is there, so they show the player.
        var seed = await Eventually.Until(() => Client.GetFromJsonAsync<JsonElement>($"api/articles/{SeedSlug}"),
            article => article.TryGetProperty("audio", out _), TimeSpan.FromMinutes(3));
        Assert.True(seed.TryGetProperty("audio", out var audio), "The seed article was not narrated within 3 minutes.");
        SeedAudio = audio.Clone();
    }

    private static ArticleFileBuilder Retraction() => new ArticleFileBuilder()
        .WithTitle("Minister resigns over report").WithLead("A report that did not hold.").WithSection("world")
        .WithPublished("2025-02-12T09:00:00+01:00").WithStatus("retracted")
        .WithCorrections(("2025-02-13T10:00:00+01:00", RetractionCorrection));

    private async Task<int> CountListedAsync()
    {
        var page = await Client.GetFromJsonAsync<JsonElement>("api/articles?limit=100");
        return page.GetProperty("items").GetArrayLength();
    }

    private async Task<HttpStatusCode> StatusAsync(string path) => (await Client.GetAsync(path)).StatusCode;
}
