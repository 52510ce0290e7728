using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

[CollectionDefinition(Name)]
public sealed class NewsletterAppCollection : ICollectionFixture<NewsletterAppFixture>
{
    public const string Name = "Newsletter app";
}

/// <summary>
/// Azurite, MailDev and the DevHost with the real function app, set up so the newsletter's timer ticks every
/// two seconds and a digest is due on every tick: each digest lists what was published since the previous one.
/// </summary>
public sealed class NewsletterAppFixture : IAsyncLifetime
{
    /// <summary>The app serves the website itself: its pages, the emails' links, are on the DevHost's own address.</summary>
    public string SiteUrl { get; private set; } = "";

    private LocalSettingsFile? _settings;

    public AzuriteFixture Storage { get; } = new();
    public MailDevFixture Mail { get; } = new();

    /// <summary>The app's way to the mail server: <see cref="TcpProxy.Stop"/> takes mail down, <see cref="TcpProxy.Start"/> brings it back.</summary>
    public TcpProxy MailServer { get; private set; } = null!;
    public DevHostProcess Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;

    /// <summary>A client that shows redirects instead of following them, as a test of a 303 needs.</summary>
    public HttpClient NoRedirects { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Storage.InitializeAsync(), Mail.InitializeAsync());
        MailServer = new TcpProxy(Mail.SmtpPort);
        var port = LoopbackPort.Free();
        var baseUrl = $"http://127.0.0.1:{port}";
        SiteUrl = baseUrl + "/";
        _settings = LocalSettingsFile.Create(Storage.ConnectionString, new Dictionary<string, string>
        {
            ["NewsletterTimerSchedule"] = "*/2 * * * * *",
            ["Newsletter__DigestSchedule"] = "* * * * * *",
            // Changes wait this long before a digest reads them: longer than the catalog takes to commit one,
            // even on a loaded machine (a digest drops an article whose commit is still on its way).
            ["Newsletter__PublishSettleTime"] = "00:00:10",
            ["Newsletter__PerClientPermitLimit"] = "1000",
            ["Newsletter__ApiBaseUrl"] = baseUrl,
            ["Site__BaseUrl"] = SiteUrl,
            ["Smtp__Port"] = MailServer.Port.ToString(),
            // A confirmation that found the mail server down tries again after a second, then two, ...
            ["Newsletter__MailRetryAfter"] = "00:00:01",
        });
        Host = DevHostProcess.Start(FunctionAppFixture.DevHostPath, port,
        [
            $"--DevHost:AppDirectory={FunctionAppFixture.AppDirectory}",
            $"--DevHost:SettingsFile={_settings.Path}",
            $"--DevHost:Port={port}",
            $"--DevHost:FunctionKey={FunctionAppFixture.FunctionKey}",
            $"--DevHost:MasterKey={FunctionAppFixture.MasterKey}",
            FunctionAppFixture.EventGridKeyArgument,
            "--DevHost:BlobPollInterval=00:00:00.500",
        ]);
        await Host.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));
        NoRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Client.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        NoRedirects?.Dispose();
        await Host.DisposeAsync();
        MailServer?.Dispose();
        await Task.WhenAll(Storage.DisposeAsync(), Mail.DisposeAsync());
        _settings?.Dispose();
    }
}
