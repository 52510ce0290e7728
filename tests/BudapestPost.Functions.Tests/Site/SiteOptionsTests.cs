using BudapestPost.Functions.Site;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Site;

public sealed class SiteOptionsTests
{
    private static SiteOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSiteOptions()
            .BuildServiceProvider()
            .GetRequiredService<IOptions<SiteOptions>>().Value;
    }

    [Fact]
    public void Defaults_AreValidForALocalRun_AndPointAtTheAppItself()
    {
        var options = Bind();

        Assert.Equal("http://127.0.0.1:7071", options.BaseUrl);
        Assert.True(options.ServePages);
        Assert.Equal("Budapest Post", options.Title);
        Assert.Equal("en", options.Language);
        Assert.Equal(new Uri("http://127.0.0.1:7071/articles/some-slug"), options.ArticleUrl("some-slug"));
    }

    [Fact]
    public void BaseUrl_UnsetInAzure_IsTheAppsOwnHost()
    {
        var options = Bind((SiteServices.AzureSiteNameSetting, "func-api-x"), ("WEBSITE_HOSTNAME", "func-api-x.azurewebsites.net"));

        Assert.Equal("https://func-api-x.azurewebsites.net", options.BaseUrl);
    }

    [Fact]
    public void ServePages_BindsFromTheSiteSection()
    {
        Assert.False(Bind(("Site:ServePages", "false"), ("Site:BaseUrl", "https://budapestpost.example")).ServePages);
    }

    [Fact]
    public void Settings_BindFromTheSiteSection()
    {
        var options = Bind(("Site:BaseUrl", "https://budapestpost.example/"), ("Site:Language", "en-GB"),
            ("Site:ArticlePathPattern", "/news/{slug}/"));

        Assert.Equal(new Uri("https://budapestpost.example/news/a-b/"), options.ArticleUrl("a-b"));
        Assert.Equal("en-GB", options.Language);
    }

    [Theory]
    [InlineData("budapestpost.example")]
    [InlineData("/relative")]
    [InlineData("ftp://budapestpost.example")]
    [InlineData("https://budapestpost.example/?x=1")]
    [InlineData("https://budapestpost.example/#top")]
    [InlineData("")]
    public void BaseUrl_Malformed_FailsWithWhatToSet(string baseUrl)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(("Site:BaseUrl", baseUrl)));

        Assert.Contains($"Site:BaseUrl '{baseUrl}' is not an absolute http(s) URL", error.Message);
        Assert.Contains("set Site__BaseUrl (azd: SITE_BASE_URL)", error.Message);
    }

    [Fact]
    public void ArticlePathPattern_WithoutSlug_Fails()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(("Site:ArticlePathPattern", "/articles/")));

        Assert.Contains("{slug}", error.Message);
    }

    [Fact]
    public void LocalBaseUrl_InAzure_Fails()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind((SiteServices.AzureSiteNameSetting, "func-api-x")));

        Assert.Contains("SITE_BASE_URL", error.Message);
    }

    [Fact]
    public void PublicBaseUrl_InAzure_IsAccepted()
    {
        var options = Bind((SiteServices.AzureSiteNameSetting, "func-api-x"), ("Site:BaseUrl", "https://budapestpost.example"));

        Assert.Equal(new Uri("https://budapestpost.example/articles/x"), options.ArticleUrl("x"));
    }
}
