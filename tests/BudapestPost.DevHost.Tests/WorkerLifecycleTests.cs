using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.Tests;

/// <summary>Tests that take the worker down, on a DevHost of their own.</summary>
[Collection(WebhookOnlyCollection.Name)]
public sealed class WorkerLifecycleTests(WebhookOnlyDevHostFixture host)
{
    [Fact]
    public async Task Post_WorkerCrashes_503ThenRecovers()
    {
        var restartsBefore = (await host.GetStatusAsync()).GetProperty("worker").GetProperty("restarts").GetInt32();

        var crash = await host.Client.PostAsync("api/crash", null);
        var meanwhile = await host.Client.GetAsync("api/hello/Meanwhile");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, crash.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, meanwhile.StatusCode);
        var problem = await meanwhile.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:budapest-post:problem:worker-unavailable", problem.GetProperty("type").GetString());

        // The crash may be answered before the DevHost has noticed the worker is gone, so wait for the restart itself.
        var restarted = await Eventually.Until(host.GetStatusAsync,
            status => status.GetProperty("state").GetString() == "Running" &&
                      status.GetProperty("worker").GetProperty("restarts").GetInt32() > restartsBefore,
            TimeSpan.FromSeconds(60));
        Assert.Equal(restartsBefore + 1, restarted.GetProperty("worker").GetProperty("restarts").GetInt32());
        Assert.Equal("Hello, Again", await host.Client.GetStringAsync("api/hello/Again"));
    }
}
