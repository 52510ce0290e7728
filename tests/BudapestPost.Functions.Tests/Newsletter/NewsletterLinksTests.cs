using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Newsletter;

/// <summary>Where the emails' links point in each way the app is deployed: always an address readers can reach.</summary>
[Collection(NewsletterCollection.Name)]
public sealed class NewsletterLinksTests(AzuriteFixture azurite)
{
    private const string AppHost = "func-budapestpost.azurewebsites.net";

    private async Task<TestApp> StartAsync(params (string Name, string? Value)[] settings) =>
        await TestApp.StartAsync(azurite, settings: settings.ToDictionary(s => s.Name, s => s.Value));

    [Theory]
    [InlineData("https://www.budapestpost.example")] // behind Front Door, or a domain of its own
    [InlineData("http://127.0.0.1:7071")] // locally, where Azure sets no host name
    public async Task OneClickUnsubscribe_WithoutAnApiBase_IsOnTheWebsitesPublicBase_NeverTheAppsOwnHostName(string publicBase)
    {
        var hostName = publicBase.StartsWith("https", StringComparison.Ordinal) ? AppHost : null;
        await using var app = await StartAsync(("WEBSITE_HOSTNAME", hostName), ("Site:BaseUrl", publicBase + "/"));

        var links = app.Get<NewsletterLinks>().ForSubscriber("token");

        Assert.Equal(publicBase + "/api/newsletter/unsubscribe?token=token", links.OneClickUnsubscribe.AbsoluteUri);
        Assert.Equal(publicBase + "/newsletter/unsubscribe?token=token", links.UnsubscribePage.AbsoluteUri);
        Assert.StartsWith(publicBase + "/newsletter/confirm?token=", app.Get<NewsletterLinks>().Confirm("t").AbsoluteUri);
    }

    [Fact]
    public async Task OneClickUnsubscribe_WithAnApiBase_IsOnIt()
    {
        await using var app = await StartAsync(("WEBSITE_HOSTNAME", AppHost), ("Site:BaseUrl", "https://www.budapestpost.example/"),
            ("Newsletter:ApiBaseUrl", "https://api.budapestpost.example"));

        Assert.Equal("https://api.budapestpost.example/api/newsletter/unsubscribe?token=token",
            app.Get<NewsletterLinks>().ForSubscriber("token").OneClickUnsubscribe.AbsoluteUri);
    }

    [Fact]
    public async Task ApiBase_MissingWhileAnotherFrontEndServesTheWebsite_StopsTheAppSayingWhatToSet()
    {
        await using var app = await StartAsync(("Site:BaseUrl", "https://www.budapestpost.example/"), ("Site:ServePages", "false"));

        var failure = Assert.Throws<OptionsValidationException>(() => app.Get<IOptions<NewsletterOptions>>().Value);

        Assert.Contains("Newsletter__ApiBaseUrl", failure.Message);
    }
}
