using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace BudapestPost.Testing;

/// <summary>
/// A stand-in for Azure AI Speech's text to speech REST endpoint and for the platform's managed identity endpoint
/// (the App Service protocol <c>IDENTITY_ENDPOINT</c> + <c>IDENTITY_HEADER</c> that Azure.Identity reads), on a free
/// loopback port. It records every request as it received it, hands out tokens <c>fake-token-1</c>, <c>-2</c>…,
/// and answers each synthesis as <see cref="Answer"/> says: by default with silent MP3 frames lasting
/// <see cref="SecondsPerCharacter"/> per character of the SSML's text.
/// </summary>
public sealed class FakeSpeechService : IAsyncDisposable
{
    public const string IdentityHeader = "fake-identity-header";
    public const double SecondsPerCharacter = 0.06;

    private readonly LoopbackHttpServer _server;
    private int _tokens;

    public FakeSpeechService() => _server = new LoopbackHttpServer(HandleAsync);

    /// <summary>The Speech endpoint, as <c>Audio__SpeechEndpoint</c> takes it.</summary>
    public Uri Endpoint => new(_server.Url);

    /// <summary>The identity endpoint, as <c>IDENTITY_ENDPOINT</c> takes it.</summary>
    public string IdentityEndpoint => _server.Url + "msi/token";

    /// <summary>How to answer a synthesis request; default: 200 with silent MP3.</summary>
    public Func<SpeechRequest, FakeAnswer> Answer { get; set; } = Success;

    public ConcurrentQueue<SpeechRequest> SynthesisRequests { get; } = new();

    public ConcurrentQueue<Dictionary<string, string>> TokenRequests { get; } = new();

    public static FakeAnswer Success(SpeechRequest request) =>
        new(200, SilentMp3.Lasting(request.Text.Length * SecondsPerCharacter));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            if (request.HttpMethod == "GET" && request.Url!.AbsolutePath == "/msi/token")
            {
                TokenRequests.Enqueue(request.QueryString.AllKeys.OfType<string>().ToDictionary(key => key, key => request.QueryString[key] ?? "")
                    .Append(new KeyValuePair<string, string>("X-IDENTITY-HEADER", request.Headers["X-IDENTITY-HEADER"] ?? "")).ToDictionary());
                var token = new
                {
                    access_token = $"fake-token-{Interlocked.Increment(ref _tokens)}",
                    expires_on = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(),
                    resource = request.QueryString["resource"],
                    token_type = "Bearer",
                };
                await WriteAsync(context.Response, new FakeAnswer(200, JsonSerializer.SerializeToUtf8Bytes(token)), "application/json");
                return;
            }
            using var body = new StreamReader(request.InputStream, Encoding.UTF8);
            var received = new SpeechRequest(request.HttpMethod, request.Url!.AbsolutePath,
                request.Headers.AllKeys.OfType<string>().ToDictionary(key => key, key => request.Headers[key] ?? "", StringComparer.OrdinalIgnoreCase),
                await body.ReadToEndAsync());
            SynthesisRequests.Enqueue(received);
            var answer = Answer(received);
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay);
            }
            await WriteAsync(context.Response, answer, "audio/mpeg");
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away (a timeout it gave up on).
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, FakeAnswer answer, string contentType)
    {
        response.StatusCode = answer.Status;
        response.ContentType = answer.Status == 200 ? contentType : "text/plain";
        if (answer.RetryAfter is { } retryAfter)
        {
            response.Headers["Retry-After"] = retryAfter;
        }
        var body = answer.Body ?? Encoding.UTF8.GetBytes($"status {answer.Status}");
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }
}

/// <summary>A synthesis request as the fake received it; <see cref="Text"/> is the SSML's text without its markup.</summary>
public sealed record SpeechRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Text => System.Xml.Linq.XDocument.Parse(Body).Root?.Value ?? "";
}

/// <summary>How the fake answers: a status, a body, a <c>Retry-After</c> value, a wait before answering.</summary>
public sealed record FakeAnswer(int Status, byte[]? Body = null, string? RetryAfter = null)
{
    public TimeSpan Delay { get; init; }
}
