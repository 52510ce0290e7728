using System.Diagnostics;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

[Collection(FunctionAppCollection.Name)]
public sealed class DevHostLifecycleTests(FunctionAppFixture app)
{
    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task Restart_PublishedArticle_NotProcessedAgainAndOldWorkerGone()
    {
        var slug = ArticleApi.NewSlug("restart");
        var processedLine = $"PublishArticle processed articles/{slug}.md";
        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);
        await Eventually.Until(() => Task.FromResult(app.Host.Output.Any(line => line.Contains(processedLine))), seen => seen);
        Assert.Contains(app.Host.Output, line => line.Contains(processedLine));
        var oldWorker = await app.Host.GetWorkerProcessIdAsync();

        await app.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // several polls of the articles container

        Assert.DoesNotContain(app.Host.Output, line => line.Contains(processedLine));
        Assert.True(oldWorker is null || !IsRunning(oldWorker.Value), "The old worker outlived its DevHost.");
        Assert.Contains(slug, await _api.ListSlugsAsync());
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
