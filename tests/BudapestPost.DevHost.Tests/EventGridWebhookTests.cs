using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.Tests;

/// <summary>The blobs extension's Event Grid webhook, on a DevHost that does not poll, so only events fire functions.</summary>
[Collection(WebhookOnlyCollection.Name)]
public sealed class EventGridWebhookTests(WebhookOnlyDevHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly BlobStorageProbe _probe = new(host.Storage);

    [Fact]
    public async Task SubscriptionValidation_WithSystemKey_EchoesValidationCode()
    {
        using var request = WebhookRequest("SubscriptionValidation",
            """[{"id":"1","topic":"t","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2025-01-01T00:00:00Z","dataVersion":"1","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}}]""");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task Options_CloudEventsHandshake_AllowsTheRequestingOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, WebhookPath("Host.Functions.CopyBlob"));
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", response.Headers.GetValues("WebHook-Allowed-Origin").Single());
    }

    [Theory]
    [InlineData("")]
    [InlineData(DevHostFixture.FunctionKey)]
    public async Task Notification_WithoutSystemKey_Returns401AndFiresNothing(string key)
    {
        var name = $"forged-{Guid.NewGuid():N}.md";
        await _probe.UploadAsync(name, "forged");
        using var request = WebhookRequest("Notification", EventGridBatch(BlobCreated(name)), key: key);

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _probe.CountCopiesAsync(name));
    }

    [Fact]
    public async Task Notification_EventGridSchema_FunctionRunsForTheBlobAtDataUrl()
    {
        var name = $"webhook-{Guid.NewGuid():N}.md";
        await _probe.UploadAsync(name, "delivered by event");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _probe.CountCopiesAsync(name)); // no polling here: nothing fires by itself

        var response = await host.Client.SendAsync(WebhookRequest("Notification", EventGridBatch(BlobCreated(name))));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await Eventually.Until(() => _probe.CountCopiesAsync(name), n => n > 0, Patience));
    }

    [Fact]
    public async Task Notification_CloudEventsSchema_FunctionRuns()
    {
        var name = $"cloudevent-{Guid.NewGuid():N}.md";
        await _probe.UploadAsync(name, "delivered as a CloudEvent");
        var cloudEvent = $$$"""
            {"specversion":"1.0","type":"Microsoft.Storage.BlobCreated","source":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
             "id":"{{{Guid.NewGuid()}}}","time":"2025-01-01T00:00:00Z","subject":"/blobServices/default/containers/inbox/blobs/{{{name}}}",
             "data":{"api":"PutBlob","blobType":"BlockBlob","url":"{{{BlobUrl(name)}}}"}}
            """;

        var response = await host.Client.SendAsync(WebhookRequest("Notification", cloudEvent, "application/cloudevents+json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await Eventually.Until(() => _probe.CountCopiesAsync(name), n => n > 0, Patience));
    }

    [Theory]
    [InlineData("Notification", """[{"eventType":"Microsoft.Storage.BlobCreated","subject":42}]""")]
    [InlineData("Notification", """[{"id":"1","subject":"s","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2025-01-01T00:00:00Z","dataVersion":"1","data":{"url":"not a url"}}]""")]
    [InlineData("Notification", "{not json")]
    [InlineData("", "[]")]
    [InlineData("Surprise", "[]")]
    public async Task Notification_BadRequest_Returns400Problem(string eventType, string body)
    {
        var response = await host.Client.SendAsync(WebhookRequest(eventType, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:budapest-post:problem:invalid-event", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Notification_TextPlain_Returns415Problem()
    {
        var response = await host.Client.SendAsync(WebhookRequest("Notification", EventGridBatch(BlobCreated("x.md")), "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Notification_UnknownFunction_Returns404()
    {
        var response = await host.Client.SendAsync(WebhookRequest("Notification", "[]", functionName: "Host.Functions.NoSuchFunction"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Notification_GoodBlobAfterFailingBatch_RunsBeforeTheFailuresAreRetried()
    {
        // Twelve failing blobs take the four slots first; each then waits seconds before its retry. Were a slot held
        // through those waits, the good blob would only run after at least nine of them had failed all five times.
        var batch = Guid.NewGuid().ToString("N");
        var failing = Enumerable.Range(0, 12).Select(i => $"{batch}/fail-{i}.md").ToList();
        foreach (var name in failing)
        {
            await _probe.UploadAsync(name, "fail on purpose");
        }
        var good = $"{batch}/good.md";
        await _probe.UploadAsync(good, "all fine");

        await host.Client.SendAsync(WebhookRequest("Notification", EventGridBatch([.. failing.Select(BlobCreated)])));
        await host.Client.SendAsync(WebhookRequest("Notification", EventGridBatch(BlobCreated(good))));

        Assert.Equal(1, await Eventually.Until(() => _probe.CountCopiesAsync(good), n => n > 0, Patience));
        // Between the first attempts (12) and some early retries on a slow machine: far below 45.
        Assert.InRange(await _probe.GetFailedBeforeAsync(good), 1, 2 * failing.Count);
    }

    private string BlobUrl(string name) => host.Storage.BlobService.GetBlobContainerClient("inbox").GetBlobClient(name).Uri.ToString();

    private string BlobCreated(string name) => $$$"""
        {"id":"{{{Guid.NewGuid()}}}","topic":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
         "subject":"/blobServices/default/containers/inbox/blobs/{{{name}}}","eventType":"Microsoft.Storage.BlobCreated",
         "eventTime":"2025-01-01T00:00:00Z","dataVersion":"","metadataVersion":"1",
         "data":{"api":"PutBlob","blobType":"BlockBlob","url":"{{{BlobUrl(name)}}}"}}
        """;

    private static string EventGridBatch(params string[] events) => "[" + string.Join(",", events) + "]";

    private static string WebhookPath(string functionName, string key = DevHostFixture.BlobsExtensionKey) =>
        $"runtime/webhooks/blobs?functionName={functionName}" + (key.Length > 0 ? $"&code={key}" : "");

    private static HttpRequestMessage WebhookRequest(
        string eventType, string body, string contentType = "application/json",
        string functionName = "Host.Functions.CopyBlob", string key = DevHostFixture.BlobsExtensionKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookPath(functionName, key))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (eventType.Length > 0)
        {
            request.Headers.Add("aeg-event-type", eventType);
        }
        return request;
    }
}
