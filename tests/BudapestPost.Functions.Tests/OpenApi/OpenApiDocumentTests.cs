using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.OpenApi;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace BudapestPost.Functions.Tests.OpenApi;

public sealed partial class OpenApiDocumentTests
{
    private static readonly OpenApiContract Contract = new(OpenApiDocumentResource.Json);
    private static readonly IOptions<ReadCacheOptions> CacheOptions = Options.Create(new ReadCacheOptions());

    /// <summary>
    /// Every (method, path) the worker indexes under <c>api/</c>, relative to the document's server <c>/api</c>: each
    /// [Function] method's [HttpTrigger]. The host's route prefix is empty (the website is at the root), so every API
    /// route spells out <c>api/</c>; routes outside it are the website's pages.
    /// </summary>
    private static IEnumerable<string> IndexedHttpRoutes() =>
        HttpTriggers()
            .Where(trigger => trigger.Route.StartsWith(ApiPrefix, StringComparison.Ordinal))
            .SelectMany(trigger => trigger.Methods.Select(verb =>
                $"{verb.ToUpperInvariant()} /{RouteConstraint().Replace(trigger.Route[ApiPrefix.Length..], "{$1}")}"));

    private const string ApiPrefix = "api/";

    private static IEnumerable<(string Route, string[] Methods, Type Class)> HttpTriggers() =>
        typeof(ApplicationServices).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(method => method.GetParameters().Select(parameter => (Method: method, Trigger: parameter.GetCustomAttribute<HttpTriggerAttribute>())))
            .Where(found => found.Trigger is not null)
            .Select(found => (found.Trigger!.Route ?? "", found.Trigger.Methods ?? [], found.Method.DeclaringType!));

    private static IEnumerable<string> DocumentedOperations(OpenApiDocument document) =>
        document.Paths.SelectMany(path => (path.Value.Operations ?? []).Keys.Select(verb => $"{verb.Method.ToUpperInvariant()} {path.Key}"));

    private static OpenApiDocument Parse()
    {
        var (document, diagnostic) = OpenApiDocument.Parse(OpenApiDocumentResource.Json, "json");

        Assert.Empty(diagnostic!.Errors.Select(e => e.ToString()));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        return document!;
    }

    [Fact]
    public void Document_IsValidOpenApi31()
    {
        var document = Parse();

        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()).Select(e => e.ToString()));
        Assert.Equal("/api", Assert.Single(document.Servers!).Url);
    }

    [Fact]
    public void Embedded_IsTheRepositoryFile()
    {
        Assert.Equal(File.ReadAllText(OpenApiContract.RepositoryDocumentPath), OpenApiDocumentResource.Json);
    }

    [Fact]
    public void Operations_AreExactlyTheHttpRoutesTheWorkerIndexes()
    {
        var indexed = IndexedHttpRoutes().Order(StringComparer.Ordinal).ToList();

        Assert.Contains("GET /openapi.json", indexed);
        Assert.True(indexed.Count >= 11, string.Join(", ", indexed));
        Assert.Equal(indexed, DocumentedOperations(Parse()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RoutesOutsideApi_AreTheWebsitesPages()
    {
        var outside = HttpTriggers().Where(trigger => !trigger.Route.StartsWith(ApiPrefix, StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(outside);
        Assert.All(outside, trigger => Assert.Equal("BudapestPost.Functions.Pages", trigger.Class.Namespace));
        Assert.All(outside, trigger => Assert.All(trigger.Methods, verb => Assert.Contains(verb, new[] { "get", "head", "post" })));
    }

    [Fact]
    public void ErrorResponses_WithABody_AreProblemJson()
    {
        var responses = Parse().Paths.SelectMany(path => path.Value.Operations!.Values)
            .SelectMany(operation => operation.Responses!)
            .Where(response => response.Key[0] is '4' or '5' && response.Value.Content is { Count: > 0 })
            .ToList();

        Assert.NotEmpty(responses);
        Assert.All(responses, response =>
            Assert.Equal(["application/problem+json"], response.Value.Content!.Keys));
    }

    [Fact]
    public void Examples_EveryOne_MatchesItsSchema()
    {
        var examples = MediaTypes(Contract.Document)
            .Where(media => media.Name.EndsWith("json", StringComparison.Ordinal) && media.Media["example"] is not null)
            .ToList();

        Assert.True(examples.Count >= 20, $"only {examples.Count} examples");
        Assert.All(examples, media =>
            Assert.Empty(Contract.Violations(media.Media["schema"]!, media.Media["example"]!.ToJsonString())));
    }

    [Fact]
    public void Violations_ABodyThatBreaksTheSchema_AreReported()
    {
        var schema = Contract.ResponseSchema("/articles", "get", 200, "application/json");

        Assert.NotEmpty(Contract.Violations(schema, """{"items":[{"slug":"Not A Slug"}],"continuation":null}"""));
        Assert.NotEmpty(Contract.Violations(schema, """{"items":[],"continuation":null,"extra":1}"""));
        Assert.Empty(Contract.Violations(schema, """{"items":[],"continuation":null}"""));
    }

    [Fact]
    public async Task Served_WithETagAndCacheHeaders_And304WhenCurrent()
    {
        var first = new HttpExchange("GET", "/api/openapi.json");
        var served = await first.ExecuteAsync(new OpenApiHttp(CacheOptions).GetOpenApiDocument(first.Request));
        var etag = served.Headers.ETag.ToString();
        var again = new HttpExchange("GET", "/api/openapi.json").WithHeader("If-None-Match", etag);
        var revalidated = await again.ExecuteAsync(new OpenApiHttp(CacheOptions).GetOpenApiDocument(again.Request));

        Assert.Equal(200, served.Status);
        Assert.Equal("application/json", served.MediaType);
        Assert.Equal(OpenApiDocumentResource.Json, served.Body);
        Assert.Matches("^\"[0-9a-f]{32}\"$", etag);
        Assert.Equal("public, max-age=5, s-maxage=5, stale-while-revalidate=5", served.Headers.CacheControl.ToString());
        Assert.Equal(304, revalidated.Status);
    }

    /// <summary>Every media type object (request and response bodies), with its name.</summary>
    private static IEnumerable<(string Name, JsonObject Media)> MediaTypes(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => pair.Key == "content" && pair.Value is JsonObject content
            ? content.Select(media => (media.Key, media.Value!.AsObject()))
            : MediaTypes(pair.Value)),
        JsonArray array => array.SelectMany(MediaTypes),
        _ => [],
    };

    /// <summary>A route parameter with its constraints, e.g. <c>{slug:regex(...)}</c>, as OpenAPI names it: <c>{slug}</c>.</summary>
    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteConstraint();
}
