using System.Text;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>One generated request, describable so a failure names exactly what was sent.</summary>
public sealed record FuzzRequest(int Index, string Method, string PathAndQuery, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body, string? ContentType)
{
    public bool IsWrite => Method is not ("GET" or "HEAD" or "OPTIONS");

    /// <summary>
    /// What the host answers itself before any function runs, as the real host would: a method no route takes (405),
    /// a header value that is not printable ASCII or a body it cannot read (400). Problems, not pages: no page ran.
    /// </summary>
    public static bool IsHostAnswer(string body) =>
        new[] { "method-not-allowed", "invalid-header", "invalid-body" }.Any(code => body.Contains("urn:budapest-post:problem:" + code, StringComparison.Ordinal));

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "no body" : Body.Length > 80
            ? $"{Body.Length} bytes starting {Escape(Encoding.UTF8.GetString(Body, 0, 80))}"
            : Escape(Encoding.UTF8.GetString(Body));
        var headers = string.Join("; ", Headers.Select(header =>
            $"{header.Name}: {(header.Value.Length > 40 ? $"{header.Value.Length} chars of '{Escape(header.Value[..1])}'" : Escape(header.Value))}"));
        var path = PathAndQuery.Length > 160 ? PathAndQuery[..160] + "…" : PathAndQuery;
        return $"#{Index} {Method} {path} [Content-Type: {ContentType ?? "none"}] [{headers}] {body}";
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}

/// <summary>
/// A seeded generator of hostile requests over every route of the function app (the API's and, with
/// <see cref="GeneratePages"/>, the website's) and the DevHost's own endpoints:
/// odd slugs and ids, query values, bodies, content types, headers (non-ASCII among them) and keys. The same seed
/// gives the same requests, so a failure reproduces.
/// </summary>
public sealed class HttpFuzzRequests(int seed, string publishedSlug, IReadOnlyList<string> sessionCookies)
{
    private readonly Random _random = new(seed);

    private static readonly string[] OddSlugs =
    [
        "UPPER", "a--b", "-a", "a-", "%C3%A9t%C3%A9", "a%2Fb", "..", "%2e%2e", new string('x', 121), new string('y', 400), "a%20b",
        "a+b", "%F0%9F%98%80", "%00", "a%0Ab", "null", "con", "1", "a.md", "~rate~x", "%7Erate%7Ex", "%25", "a;b", "a'b", "<script>",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "text/markdown",
        "text/markdown; charset=utf-8", "text/markdown; charset=latin1", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "", "garbage", "application/problem+json", "*/*", "application/cloudevents+json",
        "text/markdown; charset=\"utf-8\"; x=é",
    ];

    private static readonly string[] Texts =
    [
        "", "x", "é", "null", "-1", "0", "101", "abc", "1e3", "99999999999999999999", "%00", "'", "\"", "<>", "a,b", "../..", "%FF",
        "eyJ0IjoiMjAyNS0wMS0wMVQwMDowMDowMFoiLCJzIjoieCJ9", new string('z', 2000), "😀", "a\u0001b",
    ];

    public IEnumerable<FuzzRequest> Generate(int count)
    {
        for (var index = 0; index < count; index++)
        {
            yield return Next(index);
        }
    }

    private FuzzRequest Next(int index)
    {
        var headers = new List<(string, string)>();
        var (method, path, body, contentType) = _random.Next(100) switch
        {
            < 12 => ("GET", $"api/articles{Query("limit", "tag", "continuation")}", null, null),
            < 26 => ("GET", $"api/articles/{Slug()}", null, (string?)null),
            < 32 => ("GET", $"api/articles/{Slug()}/related", null, null),
            < 46 => ("PUT", $"api/articles/{Slug()}", ArticleBody(), Pick(ContentTypes, "text/markdown")),
            < 62 => ("POST", $"api/articles/{Slug()}/feedback", FeedbackBody(), Pick(ContentTypes, "application/json")),
            < 68 => ("GET", $"api/feedback{Query("article", "status", "limit", "continuation")}", null, null),
            < 72 => ("GET", $"api/feedback/{Slug()}/{Id()}", null, null),
            < 78 => ("PATCH", $"api/feedback/{Slug()}/{Id()}", TriageBody(), Pick(ContentTypes, "application/json")),
            < 79 => ("POST", "api/admin/reindex", Maybe(Bytes("{}")), Pick(ContentTypes, "application/json")),
            < 84 => ("GET", "api/health", null, null),
            < 90 => ("POST", $"runtime/webhooks/blobs?functionName={Pick(["Host.Functions.PublishArticle", "Host.Functions.RenderRelatedIndexes", "Host.Functions.Nope", "", "%00"])}",
                WebhookBody(), Pick(ContentTypes, "application/json")),
            < 95 => (Pick(["DELETE", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "TRACE", "PROPFIND"]),
                Pick(["api/articles", $"api/articles/{Slug()}", "api/health", "api/feedback", "api/admin/reindex", "api/", "api", ""]),
                Maybe(Bytes("{}")), Pick(ContentTypes)),
            _ => ("GET", Pick(["api/unknown", "api//articles", "api/articles/", "api/articles/a/b/c", "admin/host/status", "runtime/webhooks/x", "%2e%2e/etc"]),
                null, null),
        };
        AddKey(headers, ref path, method);
        AddOddHeaders(headers);
        return new FuzzRequest(index, method, path, headers, body, body is null && _random.Next(10) == 0 ? null : contentType);
    }

    /// <summary>The same hostile values pointed at the website's pages and forms (routes outside <c>/api/</c>).</summary>
    public IEnumerable<FuzzRequest> GeneratePages(int count)
    {
        for (var index = 0; index < count; index++)
        {
            yield return NextPage(index);
        }
    }

    private FuzzRequest NextPage(int index)
    {
        var headers = new List<(string, string)>();
        const string form = "application/x-www-form-urlencoded";
        var (method, path, body, contentType) = _random.Next(100) switch
        {
            < 14 => (Pick(["GET", "HEAD"]), $"articles/{Slug()}{Query("continuation")}", null, (string?)null),
            < 20 => ("GET", $"articles/{Slug()}/{Pick(["report", "reported", "related", "x", "%2e%2e"])}", null, null),
            < 32 => ("POST", $"articles/{Slug()}/report", ReportForm(), Pick(ContentTypes, form)),
            < 40 => ("GET", $"{Pick(["sections", "tags"])}/{Pick([Slug(), "europe", "russia"])}{Query("continuation", "limit")}", null, null),
            < 50 => ("GET", $"search{Query("q", "continuation", "sort", "tag", "section", "from", "to", "limit")}", null, null),
            < 54 => ("GET", $"corrections{Query("continuation", "limit")}", null, null),
            < 60 => ("GET", $"newsletter/{Pick([.. OddSlugs, "confirm", "unsubscribe", "confirmed", "check-your-email"])}{Query("token")}", null, null),
            < 70 => ("POST", Pick(["newsletter", "newsletter/confirm"]), SignUpForm(), Pick(ContentTypes, form)),
            < 75 => ("GET", $"assets/{Pick([.. OddSlugs, "site.css", "site.0000000000.css", "favicon.svg"])}", null, null),
            < 80 => (Pick(["GET", "HEAD"]), Pick(["", $"?continuation={Uri.EscapeDataString(Pick(Texts))}", "robots.txt", "favicon.ico", "newsletter"]), null, null),
            < 90 => (Pick(["DELETE", "PUT", "PATCH", "OPTIONS", "POST", "TRACE"]),
                Pick(["", "articles/x", "search", "newsletter/confirmed", "sections/europe", "robots.txt", "assets/site.css"]), Maybe(Bytes("a=b")), Pick(ContentTypes)),
            _ => ("GET", Pick(["%2e%2e/etc/passwd", "a/b/c/d", "articles", "articles/", "sections/", "newsletter/confirm/extra", new string('p', 3000),
                "%FF", "articles/%F0%9F%98%80", "search/suggest", "index.html", "wp-login.php", ".git/config"]), null, null),
        };
        AddOddHeaders(headers);
        return new FuzzRequest(index, method, path, headers, body, body is null && _random.Next(10) == 0 ? null : contentType);
    }

    private byte[]? ReportForm() => _random.Next(12) switch
    {
        < 3 => Bytes("kind=typo&message=The+second+paragraph+repeats+a+word."),
        3 => Bytes("kind=nonsense&message=The+second+paragraph+repeats+a+word."),
        4 => Bytes("kind=typo&message=short&email=not-an-address"),
        5 => Bytes("kind=typo&kind=other&message=The+second+paragraph+repeats+a+word."),
        6 => Bytes("kind=other&message=" + new string('m', 60_000)),
        7 => Bytes("kind=typo&message=%C3%28%FF%FE&quote=%ZZ&%%%=&=&&"),
        8 => Bytes(string.Concat(Enumerable.Repeat("a&", 20_000))),
        9 => RandomBytes(_random.Next(1, 300)),
        10 => [],
        _ => null,
    };

    private byte[]? SignUpForm() => _random.Next(10) switch
    {
        < 2 => Bytes($"email=fuzz-{_random.Next(1000)}%40example.hu&topics%5B%5D=europe"),
        2 => Bytes("email=nobody&topics%5B%5D=astrology"),
        3 => Bytes("email=a%40b.hu&email=c%40d.hu"),
        4 => Bytes("token=" + Pick(Texts)),
        5 => Bytes("token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&token=x"),
        6 => Bytes("email=" + new string('e', 20_000)),
        7 => RandomBytes(_random.Next(1, 200)),
        8 => [],
        _ => null,
    };

    private string Slug() => _random.Next(10) switch
    {
        < 4 => publishedSlug,
        < 6 => ArticleApi.NewSlug("fuzz"),
        _ => Pick(OddSlugs),
    };

    private string Id() => _random.Next(3) switch
    {
        0 => $"{DateTime.MaxValue.Ticks - DateTime.UtcNow.Ticks:D19}-abcdefghijkl",
        1 => Uri.EscapeDataString(Pick(Texts)),
        _ => Pick(OddSlugs),
    };

    private string Query(params string[] names)
    {
        var parts = names.Where(_ => _random.Next(3) == 0)
            .Select(name => $"{name}={Uri.EscapeDataString(_random.Next(3) == 0 ? publishedSlug : Pick(Texts))}");
        var query = string.Join('&', parts.Append(_random.Next(8) == 0 ? "code=" + Uri.EscapeDataString(Pick(Texts)) : "").Where(p => p.Length > 0));
        return query.Length == 0 ? "" : "?" + query;
    }

    private byte[]? ArticleBody() => _random.Next(12) switch
    {
        0 => new ArticleFileBuilder().Build(),
        1 => new ArticleFileBuilder().WithTags("fuzz", "nato").Build(),
        2 => Bytes("---\ntitle: [unclosed\nlead: x\n---\nb\n"),
        3 => Bytes("---\ntitle: {a: b\nlead: x\npublished: 2025-01-01T00:00:00Z\n---\nbody\n"),
        4 => Bytes("no front matter at all"),
        5 => [0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28],
        6 => RandomBytes(_random.Next(1, 600)),
        7 => Bytes("---\na: &a [x]\nb: [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\ntitle: t\n---\nb\n"),
        8 => new byte[1_100_000],
        9 => Bytes("---\ntitle: \"t\"\nlead: \"l\"\npublished: yesterday\n---\nbody\n"),
        10 => [],
        _ => null,
    };

    private byte[]? FeedbackBody() => _random.Next(14) switch
    {
        < 3 => Bytes("""{"kind":"typo","message":"The second paragraph repeats a word."}"""),
        3 => Bytes("""{"kind":"nonsense","message":"The second paragraph repeats a word."}"""),
        4 => Bytes("""{"kind":"typo","message":42}"""),
        5 => Bytes("""{"kind":"typo","message":"short"}"""),
        6 => Bytes("""{"kind":"typo","kind":"other","message":"The second paragraph repeats a word."}"""),
        7 => Bytes("""{"kind":"typo","message":"The second paragraph repeats a word.","extra":true}"""),
        8 => Bytes(new string('[', 5000)),
        9 => Bytes($$"""{"kind":"other","message":"{{new string('m', 20_000)}}"}"""),
        10 => [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d],
        11 => Bytes(Pick(["null", "[]", "1", "\"x\"", "{", ""])),
        12 => RandomBytes(_random.Next(1, 300)),
        _ => null,
    };

    private byte[]? TriageBody() => _random.Next(6) switch
    {
        0 => Bytes("""{"status":"triaged"}"""),
        1 => Bytes("""{"status":"new","note":"x"}"""),
        2 => Bytes("""{"status":7}"""),
        3 => Bytes("{"),
        4 => [],
        _ => null,
    };

    private byte[]? WebhookBody() => _random.Next(6) switch
    {
        0 => Bytes("""[{"eventType":"Microsoft.Storage.BlobCreated","subject":42}]"""),
        1 => Bytes("""[{"id":"1","subject":"s","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2025-01-01T00:00:00Z","dataVersion":"1","data":{"url":"http://127.0.0.1:1/devstoreaccount1/articles/missing.md"}}]"""),
        2 => Bytes("""{"specversion":"1.0","type":"Microsoft.Storage.BlobCreated","source":"s","id":"1","data":{"url":7}}"""),
        3 => Bytes("""[{"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"x"}}]"""),
        4 => RandomBytes(_random.Next(1, 200)),
        _ => null,
    };

    private void AddKey(List<(string, string)> headers, ref string path, string method)
    {
        // A signed-in editor's or admin's session, or a principal header a client made up (the host drops it).
        switch (_random.Next(8))
        {
            case 0 when sessionCookies.Count > 0 && path != "api/admin/reindex":
                headers.Add(("Cookie", Pick(sessionCookies)));
                break;
            case 1:
                headers.Add(("x-ms-client-principal", Pick(["e30=", "not base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                    """{"claims":[{"typ":"roles","val":"Admin"},{"typ":"oid","val":"1"}]}"""))])));
                break;
        }
        var key = _random.Next(10) switch
        {
            < 3 => null,
            < 5 => FunctionAppFixture.FunctionKey,
            5 => FunctionAppFixture.MasterKey,
            6 => FunctionAppFixture.BlobsExtensionKey,
            7 => "wrong-key",
            8 => "ké",
            _ => "",
        };
        if (key is null)
        {
            return;
        }
        // Reindex rebuilds everything: a valid key there is kept rare so the run stays short.
        if (path == "api/admin/reindex" && method == "POST" && key != "wrong-key" && _random.Next(4) != 0)
        {
            key = "wrong-key";
        }
        if (_random.Next(2) == 0)
        {
            headers.Add(("x-functions-key", key));
        }
        else
        {
            path += (path.Contains('?') ? "&" : "?") + "code=" + Uri.EscapeDataString(key);
        }
    }

    private void AddOddHeaders(List<(string, string)> headers)
    {
        for (var i = _random.Next(4); i > 0; i--)
        {
            headers.Add(_random.Next(12) switch
            {
                0 => ("If-None-Match", Pick(["*", "\"abc\"", "W/\"x\"", "garbage", "é", "\"é\""])),
                1 => ("If-Match", Pick(["*", "\"abc\"", "W/\"datetime'2025'\"", "garbage", ""])),
                2 => ("Idempotency-Key", Pick(["k1", new string('k', 101), "ké", "a b", ""])),
                3 => ("X-Forwarded-For", Pick(["203.0.113.7", "garbage", "::1, 10.0.0.1", "999.999.1.1", ""])),
                4 => ("x-ms-invocation-id", Pick(["x", Guid.NewGuid().ToString()])),
                5 => ("x-ms-client-principal-name", "admin"),
                6 => ("Accept", Pick(["application/xml", "*/*", "text/html;q=0", "é"])),
                7 => ("User-Agent", Pick([new string('u', 4000), "ünïcode", ""])),
                8 => ("Accept-Charset", "utf-16"),
                9 => ("Range", "bytes=0-1"),
                10 => ("Cookie", "a=b; c"),
                _ => ("X-Custom", Pick(["é", "\u00a0", "tab\there", "ok"])),
            });
        }
    }

    private byte[]? Maybe(byte[] body) => _random.Next(2) == 0 ? body : null;

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Pick(IReadOnlyList<string> items, string favourite) => _random.Next(2) == 0 ? favourite : Pick(items);
}
