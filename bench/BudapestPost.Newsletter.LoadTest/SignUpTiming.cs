using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.DevHost.LoadTest;
using BudapestPost.Testing;
using MimeKit;

namespace BudapestPost.Newsletter.LoadTest;

/// <summary>
/// Times sign-ups through the DevHost and a compiled app: N addresses never seen (new) and N subscribed ones
/// (known, signed up and confirmed through the API first), one request at a time and interleaved, so both meet the
/// same machine. The answer must not tell them apart: the p50 difference is the figure. Each app in turn on the same
/// Azurite and MailDev, the first one the branch's, the others baselines (e.g. main's build).
/// </summary>
public static class SignUpTiming
{
    private const int WarmUp = 20;

    public static async Task RunAsync(string devHost, IReadOnlyList<string> apps, int count)
    {
        var azurite = new AzuriteFixture();
        var mail = new MailDevFixture();
        await Task.WhenAll(azurite.InitializeAsync(), mail.InitializeAsync());
        try
        {
            Console.WriteLine($"Newsletter sign-up timing: {count} new and {count} known addresses per app, one request at a time, " +
                $"{Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}, {DateTime.UtcNow:u}");
            var results = new List<string>();
            for (var i = 0; i < apps.Count; i++)
            {
                results.Add($"{(i == 0 ? "this build" : "baseline " + i)} ({apps[i]}):\n{await RunAppAsync(devHost, apps[i], count, azurite, mail, $"a{i}")}");
            }
            Console.WriteLine();
            Console.WriteLine(string.Join("\n", results));
            Console.WriteLine($"load at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            await Task.WhenAll(azurite.DisposeAsync(), mail.DisposeAsync());
        }
    }

    private static async Task<string> RunAppAsync(string devHost, string app, int count, AzuriteFixture azurite, MailDevFixture mail, string run)
    {
        await mail.ClearAsync();
        using var settings = LocalSettingsFile.Create(azurite.ConnectionString, new Dictionary<string, string>
        {
            ["Storage__NewsletterTable"] = "Newsletter" + run + Guid.NewGuid().ToString("N")[..8],
            ["Newsletter__PerClientPermitLimit"] = "10000",
            ["Newsletter__ApiBaseUrl"] = "http://127.0.0.1",
            ["Site__BaseUrl"] = "http://127.0.0.1/",
            ["Smtp__Port"] = mail.SmtpPort.ToString(),
        });
        await using var host = await DevHostRun.StartAsync(devHost, app, settings.Path, "api/health");
        // The confirm link answers 303 to the website's page, which is not the point here.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUri };
        Console.WriteLine($"  {app}: DevHost up in {host.Startup.TotalSeconds:F1} s");

        var known = Enumerable.Range(0, count).Select(i => $"known-{run}-{i}@example.hu").ToList();
        await SubscribeAsync(client, mail, known);
        Console.WriteLine($"  {count} known addresses subscribed");
        for (var i = 0; i < WarmUp; i++)
        {
            await SignUpAsync(client, $"warm-{run}-{i}@example.hu");
        }

        var (fresh, subscribed) = (new List<double>(count), new List<double>(count));
        for (var i = 0; i < count; i++)
        {
            fresh.Add(await SignUpAsync(client, $"new-{run}-{i}@example.hu"));
            subscribed.Add(await SignUpAsync(client, known[i]));
            if ((i + 1) % 50 == 0)
            {
                Console.WriteLine($"  {i + 1} of {count} pairs timed");
            }
        }
        var mailed = await Eventually.Until(mail.CountAsync, total => total >= 2 * count + WarmUp, TimeSpan.FromSeconds(60));

        var (newP50, knownP50) = (Percentile(fresh, 0.50), Percentile(subscribed, 0.50));
        return $"  new   p50 {newP50:F2} ms, p95 {Percentile(fresh, 0.95):F2} ms\n" +
               $"  known p50 {knownP50:F2} ms, p95 {Percentile(subscribed, 0.95):F2} ms\n" +
               $"  p50 difference (new - known) {newP50 - knownP50:F2} ms; emails in MailDev after: {mailed} " +
               $"(expected {2 * count + WarmUp}: {count} confirmations of known ones, {WarmUp} warm-up, {count} new)";
    }

    // Signs the addresses up, then confirms each with the link of its email, as a reader would.
    private static async Task SubscribeAsync(HttpClient client, MailDevFixture mail, IReadOnlyList<string> addresses)
    {
        foreach (var address in addresses)
        {
            await SignUpAsync(client, address);
        }
        await Eventually.Until(mail.CountAsync, total => total >= addresses.Count, TimeSpan.FromSeconds(120));
        var summaries = await mail.Api.GetFromJsonAsync<JsonElement>("email");
        var confirmed = 0;
        foreach (var summary in summaries.EnumerateArray())
        {
            await using var source = await mail.Api.GetStreamAsync($"email/{summary.GetProperty("id").GetString()}/source");
            var text = (await MimeMessage.LoadAsync(source)).TextBody ?? "";
            var link = text.Split('\n').Select(line => line.Trim()).First(line => line.Contains("newsletter/confirm?token=", StringComparison.Ordinal));
            using var response = await client.GetAsync("api/newsletter/confirm" + new Uri(link).Query);
            confirmed += response.StatusCode == HttpStatusCode.SeeOther || response.IsSuccessStatusCode ? 1 : 0;
        }
        if (confirmed != addresses.Count)
        {
            throw new InvalidOperationException($"Only {confirmed} of {addresses.Count} addresses could be confirmed.");
        }
    }

    private static async Task<double> SignUpAsync(HttpClient client, string email)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("api/newsletter/subscriptions", new { email, topics = Array.Empty<string>() });
        await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"A sign-up answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> values, double rank)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(rank * sorted.Count) - 1];
    }
}
