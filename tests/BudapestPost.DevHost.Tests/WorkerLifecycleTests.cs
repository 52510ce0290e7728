using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.Tests;

/// <summary>Tests that take the worker down or need blob polling off, on a DevHost of their own.</summary>
public sealed class WorkerLifecycleTests(WebhookOnlyDevHostFixture host) : IClassFixture<WebhookOnlyDevHostFixture>
{
    private readonly BlobStorageProbe _probe = new(host.Storage);

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

    [Fact]
    public async Task Webhook_SubscriptionValidation_EchoesValidationCode()
    {
        using var request = EventGridRequest("SubscriptionValidation",
            """[{"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}}]""");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task Webhook_BlobCreated_FunctionRuns()
    {
        var name = $"webhook-{Guid.NewGuid():N}.md";
        await _probe.UploadAsync(name, "delivered by event");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _probe.CountCopiesAsync(name)); // no polling here: nothing fires by itself

        using var request = EventGridRequest("Notification",
            $$$"""[{"eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/inbox/blobs/{{{name}}}","data":{"api":"PutBlob"}}]""");
        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await Eventually.Until(() => _probe.CountCopiesAsync(name), n => n > 0, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Webhook_UnknownFunction_Returns404()
    {
        using var request = EventGridRequest("Notification", "[]", "Host.Functions.NoSuchFunction");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpRequestMessage EventGridRequest(string eventType, string body, string functionName = "Host.Functions.CopyBlob")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"runtime/webhooks/blobs?functionName={functionName}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("aeg-event-type", eventType);
        return request;
    }
}
