using System.Text;
using System.Text.Json;
using BudapestPost.Functions.Editors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Tests.Support;

/// <summary>
/// Builds an <see cref="HttpRequest"/> and runs an <see cref="IActionResult"/> through ASP.NET Core's
/// own executors, so tests see the status, headers and body a client would get.
/// </summary>
public sealed class HttpExchange
{
    private static readonly IServiceProvider Executors = new ServiceCollection()
        .AddLogging()
        .AddMvcCore()
        .Services.BuildServiceProvider();

    public HttpExchange(string method, string path, string? query = null)
    {
        Context = new DefaultHttpContext { RequestServices = Executors };
        Context.Features.Set<IHttpResponseFeature>(_response);
        Context.Request.Method = method;
        Context.Request.Path = path;
        Context.Request.QueryString = new QueryString(query is null ? "" : "?" + query);
        Context.Response.Body = new MemoryStream();
        // As EditorAccessMiddleware leaves it for an editor's route; the check itself is tested through the DevHost.
        Context.Features.Set(Editor);
    }

    public static readonly Caller Editor = new("Test Editor", "00000000-0000-0000-0000-00000000e417", new HashSet<string> { "Editor" });

    private readonly StartingResponse _response = new();

    public DefaultHttpContext Context { get; }

    public HttpRequest Request => Context.Request;

    public HttpExchange WithHeader(string name, string value)
    {
        Request.Headers[name] = value;
        return this;
    }

    public HttpExchange WithBody(byte[] body, string? contentType)
    {
        Request.Body = new MemoryStream(body);
        Request.ContentLength = body.Length;
        Request.ContentType = contentType;
        return this;
    }

    public HttpExchange WithBody(string body, string? contentType) => WithBody(Encoding.UTF8.GetBytes(body), contentType);

    public async Task<HttpResult> ExecuteAsync(IActionResult result)
    {
        await WriteAsync(result);
        return await ReadResponseAsync();
    }

    public Task WriteAsync(IActionResult result) =>
        result.ExecuteResultAsync(new ActionContext(Context, new RouteData(), new ActionDescriptor()));

    /// <summary>What was written to the response, by a result or directly.</summary>
    public async Task<HttpResult> ReadResponseAsync()
    {
        await _response.StartAsync();
        Context.Response.Body.Position = 0;
        var body = await new StreamReader(Context.Response.Body).ReadToEndAsync();
        return new HttpResult(Context.Response.StatusCode, Context.Response.Headers, Context.Response.ContentType, body);
    }
}

/// <summary>A response that runs its <c>OnStarting</c> callbacks, as a server does before it sends the headers.</summary>
internal sealed class StartingResponse : HttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

    public override void OnStarting(Func<object, Task> callback, object state) => _starting.Insert(0, (callback, state));

    public async Task StartAsync()
    {
        foreach (var (callback, state) in _starting)
        {
            await callback(state);
        }
        _starting.Clear();
    }
}

public sealed record HttpResult(int Status, IHeaderDictionary Headers, string? ContentType, string Body)
{
    /// <summary>The content type without parameters such as charset.</summary>
    public string? MediaType => ContentType?.Split(';')[0].Trim();

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The reasons given for <paramref name="field"/> in a validation problem.</summary>
    public IEnumerable<string> ErrorsFor(string field) =>
        Json.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!);
}
