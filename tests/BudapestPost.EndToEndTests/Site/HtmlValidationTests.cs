using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests.Site;

/// <summary>Every page type through html-validate (the npm package pinned in the lockfile) with its recommended rules.</summary>
[Collection(SiteAppCollection.Name)]
public sealed class HtmlValidationTests(SiteAppFixture site)
{
    [Fact]
    public async Task EveryPageType_PassesHtmlValidateRecommended()
    {
        var folder = Directory.CreateTempSubdirectory("site-pages-");
        try
        {
            var files = new List<string>();
            foreach (var row in SitePageTypes.All())
            {
                var (path, status) = ((string)row[0], (int)row[1]);
                var response = await site.Client.GetAsync(path.TrimStart('/'));
                Assert.Equal(status, (int)response.StatusCode);
                files.Add(Path.Combine(folder.FullName, $"{files.Count:D2}.html"));
                await File.WriteAllBytesAsync(files[^1], await response.Content.ReadAsByteArrayAsync());
            }
            files.Add(Path.Combine(folder.FullName, "report-refused.html"));
            await File.WriteAllBytesAsync(files[^1], await RefusedReportAsync());

            var report = await ValidateAsync(files);

            var problems = report.EnumerateArray()
                .SelectMany(file => file.GetProperty("messages").EnumerateArray().Select(message =>
                    $"{Path.GetFileName(file.GetProperty("filePath").GetString())}:{message.GetProperty("line")}: {message.GetProperty("ruleId")}: {message.GetProperty("message")}"))
                .ToList();
            Assert.True(problems.Count == 0, "Pages: " + string.Join(", ", SitePageTypes.All().Select(row => row[0])) + "\n" + string.Join("\n", problems));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // The report form as a refused post leaves it: the page with the error summary and the fields' messages.
    private async Task<byte[]> RefusedReportAsync()
    {
        var refused = await site.Client.PostAsync($"articles/{SiteAppFixture.SeedSlug}/report",
            new FormUrlEncodedContent([new("kind", "typo"), new("message", "short")]));
        Assert.Equal(400, (int)refused.StatusCode);
        return await refused.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonElement> ValidateAsync(IReadOnlyList<string> files)
    {
        var validator = Path.Combine(RepositoryRoot.Path, "node_modules", "html-validate", "bin", "html-validate.mjs");
        if (!File.Exists(validator))
        {
            throw new InvalidOperationException($"html-validate is not installed ({validator} is missing). Run 'npm ci' in {RepositoryRoot.Path} first.");
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { validator, "--config", Path.Combine(RepositoryRoot.Path, ".htmlvalidate.json"), "--formatter", "json" }.Concat(files))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var json = (await output).Trim();
        Assert.True(json.StartsWith('['), $"html-validate exited {process.ExitCode} without a report: {await errors}");
        return JsonDocument.Parse(json).RootElement;
    }
}
