using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>The app with narration off, so that an admin's "render all audio" in the key matrix narrates nothing.</summary>
public sealed class EditorAccessAppFixture : FunctionAppFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["Audio__Enabled"] = "false" };
}

/// <summary>
/// Who may call what, through the DevHost with the real worker: every HTTP route against the five kinds of caller
/// (the key matrix, also in the README), and an editor's and an admin's day as the audit log records it.
/// </summary>
public sealed class EditorAccessTests(EditorAccessAppFixture app) : IClassFixture<EditorAccessAppFixture>
{
    private const string Open = "✓";
    private const string Unauthorized = "401";
    private const string Forbidden = "403";
    private const string EveryOtherRoute = "every other route";

    private static readonly string[] Callers = ["Anonymous", "Automation key", "Event Grid key", "Editor", "Admin"];

    /// <summary>
    /// The key matrix. ✓: the function runs (whatever it then answers); 401: no key or sign-in it accepts; 403: signed
    /// in without the role. Every HTTP route of the app is a row or one of "every other route", the public ones.
    /// </summary>
    private static readonly (string Route, string[] Access)[] Matrix =
    [
        ("PUT /api/articles/{slug}",                       [Unauthorized, Open, Unauthorized, Unauthorized, Unauthorized]),
        ("POST /api/admin/article-events",                 [Unauthorized, Open, Open, Unauthorized, Unauthorized]),
        ("POST /api/articles/{slug}/corrections",          [Unauthorized, Unauthorized, Unauthorized, Open, Open]),
        ("GET /api/feedback",                              [Unauthorized, Unauthorized, Unauthorized, Open, Open]),
        ("GET /api/feedback/articles",                     [Unauthorized, Unauthorized, Unauthorized, Open, Open]),
        ("GET /api/feedback/{slug}/{id}",                  [Unauthorized, Unauthorized, Unauthorized, Open, Open]),
        ("PATCH /api/feedback/{slug}/{id}",                [Unauthorized, Unauthorized, Unauthorized, Open, Open]),
        ("GET /api/scheduled",                             [Unauthorized, Unauthorized, Unauthorized, Open, Open]),
        ("POST /api/newsletter/erasures",                  [Unauthorized, Unauthorized, Unauthorized, Forbidden, Open]),
        ("GET /api/newsletter/subscribers/counts",         [Unauthorized, Unauthorized, Unauthorized, Forbidden, Open]),
        ("POST /api/admin/reindex",                        [Unauthorized, Unauthorized, Unauthorized, Forbidden, Open]),
        ("POST /api/admin/feeds/rebuild",                  [Unauthorized, Unauthorized, Unauthorized, Forbidden, Open]),
        ("POST /api/admin/feedback/queue/rebuild",         [Unauthorized, Unauthorized, Unauthorized, Forbidden, Open]),
        ("POST /api/admin/audio/render",                   [Unauthorized, Unauthorized, Unauthorized, Forbidden, Open]),
        ("GET /api/audit",                                 [Unauthorized, Unauthorized, Unauthorized, Forbidden, Open]),
        (EveryOtherRoute,                                  [Open, Open, Open, Open, Open]),
    ];

    [Fact]
    public async Task KeyMatrix_CoversEveryHttpRouteTheWorkerIndexes()
    {
        var indexed = await IndexedRoutesAsync();

        var rows = Matrix.Select(row => row.Route).Where(route => route != EveryOtherRoute).ToList();

        Assert.Empty(rows.Except(indexed.Select(route => route.Name)));
        Assert.True(indexed.Count - rows.Count > 20, "The public routes are found too.");
    }

    [Fact]
    public async Task KeyMatrix_EveryRouteAndCaller_AnswersAsTheTableSays()
    {
        var expected = Matrix.ToDictionary(row => row.Route, row => row.Access);
        var mismatches = new List<string>();
        foreach (var route in await IndexedRoutesAsync())
        {
            var access = expected.GetValueOrDefault(route.Name) ?? expected[EveryOtherRoute];
            for (var caller = 0; caller < Callers.Length; caller++)
            {
                var (status, body) = await SendAsync(route, caller);
                var actual = status switch { 401 => Unauthorized, 403 => Forbidden, < 500 => Open, _ => status.ToString() };
                if (actual != access[caller])
                {
                    mismatches.Add($"{route.Name} as {Callers[caller]}: {status} (expected {access[caller]}) {body}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void KeyMatrix_IsTheReadmesTable()
    {
        var table = new StringBuilder()
            .AppendLine($"| Route | {string.Join(" | ", Callers)} |")
            .AppendLine($"|---|{string.Concat(Callers.Select(_ => "---|"))}");
        foreach (var (route, access) in Matrix)
        {
            table.AppendLine($"| {(route == EveryOtherRoute ? "every other route (public)" : $"`{route}`")} | {string.Join(" | ", access)} |");
        }

        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains(table.ToString().ReplaceLineEndings("\n"), readme);
    }

    [Fact]
    public async Task EditorCorrectsAndTriages_CannotErase_AdminCan_AndTheAuditShowsWhoDidWhat()
    {
        var editor = await app.Host.EditorAsync();
        var admin = await app.Host.AdminAsync();
        var api = new ArticleApi(app);
        var slug = ArticleApi.NewSlug("audited");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PutAsync(slug, new ArticleFileBuilder())).StatusCode);
        await api.WaitUntilListedAsync(slug);
        var report = await app.Client.PostAsJsonAsync($"api/articles/{slug}/feedback", new { kind = "typo", message = "The lead misspells the city.", email = "reader@example.org" });
        var id = (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // The editor reads the report (with its email), triages it, and corrects the article answering it.
        using var read = await editor.GetAsync($"api/feedback/{slug}/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var triage = new HttpRequestMessage(HttpMethod.Patch, $"api/feedback/{slug}/{id}") { Content = JsonContent.Create(new { status = "triaged", note = "Checking." }) };
        triage.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(triage)).StatusCode);
        var corrected = await editor.PostAsJsonAsync($"api/articles/{slug}/corrections", new { text = "The city's name is now spelled right.", feedback = new[] { id } });
        Assert.Equal(HttpStatusCode.Accepted, corrected.StatusCode);
        var resolved = await editor.GetFromJsonAsync<JsonElement>($"api/feedback/{slug}/{id}");
        Assert.Equal(("resolved", DevHostProcess.EditorName), (resolved.GetProperty("status").GetString(), resolved.GetProperty("updatedBy").GetString()));

        // An editor may not erase or read the log; an admin may.
        var erasure = new { email = "reader@example.org" };
        var editorErasure = await editor.PostAsJsonAsync("api/newsletter/erasures", erasure);
        Assert.Equal((HttpStatusCode.Forbidden, "application/problem+json"), (editorErasure.StatusCode, editorErasure.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("api/newsletter/erasures", erasure)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/newsletter/subscribers/counts")).StatusCode);

        // No one else gets in: not anonymously, not with a principal header of one's own making, not with Event Grid's key.
        var anonymous = await app.Client.PostAsJsonAsync($"api/articles/{slug}/corrections", new { text = "Anonymous.", feedback = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("/.auth/login/aad", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "api/newsletter/erasures") { Content = JsonContent.Create(erasure) };
        forged.Headers.Add("x-ms-client-principal", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"oid","val":"00000000-0000-0000-0000-000000000001"},{"typ":"roles","val":"Admin"}]}""")));
        forged.Headers.Add("x-ms-client-principal-id", "00000000-0000-0000-0000-000000000001");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(forged)).StatusCode);
        foreach (var (method, path) in new[] { ("POST", $"api/articles/{slug}/corrections"), ("GET", $"api/feedback/{slug}/{id}"), ("POST", "api/newsletter/erasures") })
        {
            using var keyed = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : JsonContent.Create(erasure) };
            keyed.Headers.Add("x-functions-key", FunctionAppFixture.EventGridKey);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(keyed)).StatusCode);
        }

        // The log, newest first, names each action's principal; the refusals left no row.
        var log = (await AuditAsync(admin)).Where(item => item.Target.Contains(slug) || item.Action.StartsWith("newsletter.", StringComparison.Ordinal)).ToList();
        var editorId = log.First(item => item.Who == DevHostProcess.EditorName).WhoId;
        Assert.Equal(
        [
            ("newsletter.counts", "newsletter/subscribers/counts", DevHostProcess.AdminName),
            ("newsletter.erase", "newsletter/erasures", DevHostProcess.AdminName),
            ("feedback.read", $"feedback/{slug}/{id}", DevHostProcess.EditorName),
            ("corrections.add", $"articles/{slug}/corrections", DevHostProcess.EditorName),
            ("feedback.triage", $"feedback/{slug}/{id}", DevHostProcess.EditorName),
            ("feedback.read", $"feedback/{slug}/{id}", DevHostProcess.EditorName),
            ("articles.put", $"articles/{slug}", "function key"),
        ], log.Select(item => (item.Action, item.Target, item.Who)));
        Assert.Matches("^[0-9a-f-]{36}$", editorId);
        Assert.All(log.Where(item => item.Who == DevHostProcess.EditorName), item => Assert.Equal(editorId, item.WhoId));
        Assert.Null(log[^1].WhoId);
        Assert.All(log, item => Assert.Equal("127.0.0.1", item.Address));
        Assert.Equal(log.Select(item => item.At).OrderDescending(), log.Select(item => item.At));
    }

    [Fact]
    public async Task Audit_PagesNewestFirst_AndRejectsAForeignContinuation()
    {
        var admin = await app.Host.AdminAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/newsletter/subscribers/counts")).StatusCode);
        }

        var first = await admin.GetFromJsonAsync<JsonElement>("api/audit?limit=2");
        var continuation = first.GetProperty("continuation").GetString()!;
        var second = await admin.GetFromJsonAsync<JsonElement>($"api/audit?limit=2&continuation={Uri.EscapeDataString(continuation)}");
        var foreign = await admin.GetAsync($"api/audit?continuation={Uri.EscapeDataString((await admin.GetFromJsonAsync<JsonElement>("api/corrections?limit=1")).GetProperty("continuation").GetString() ?? "bm90IG91cnM")}");

        var times = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(item => item.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(4, times.Count);
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Theory]
    [InlineData(".auth/login/dev")]
    [InlineData(".auth/login/dev?user=")]
    [InlineData(".auth/login/dev?user=eva&roles=Editor;Admin")]
    public async Task DevSignIn_WithoutAUserOrWithOddRoles_Is400(string path)
    {
        var response = await app.Client.GetAsync(path);

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task DevSignIn_ATamperedCookie_IsNoSession()
    {
        var cookie = await app.Host.SessionCookieAsync("Mallory", "Editor");
        using var tampered = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Client.BaseAddress };
        tampered.DefaultRequestHeaders.Add("Cookie", cookie[..^4] + (cookie[^4..] == "AAAA" ? "BBBB" : "AAAA"));
        using var valid = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Client.BaseAddress };
        valid.DefaultRequestHeaders.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.Unauthorized, (await tampered.GetAsync("api/scheduled")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("api/scheduled")).StatusCode);
    }

    private sealed record AuditItem(DateTimeOffset At, string Who, string? WhoId, string Action, string Target, string Address);

    private static async Task<List<AuditItem>> AuditAsync(HttpClient admin)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>("api/audit?limit=100");
        return page.GetProperty("items").Deserialize<List<AuditItem>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private sealed record IndexedRoute(string Name, string Method, string Template);

    /// <summary>Each HTTP function as the DevHost indexed it from the worker, named as the matrix names it.</summary>
    private async Task<List<IndexedRoute>> IndexedRoutesAsync()
    {
        var status = await app.Client.GetFromJsonAsync<JsonElement>("admin/host/status");
        return status.GetProperty("functions").EnumerateArray()
            .Where(function => function.GetProperty("trigger").GetString() == "http")
            .Select(function =>
            {
                var method = function.GetProperty("methods")[0].GetString()!.ToUpperInvariant();
                var template = function.GetProperty("route").GetString()!;
                return new IndexedRoute($"{method} /{template}", method, template);
            })
            .ToList();
    }

    private async Task<(int Status, string Body)> SendAsync(IndexedRoute route, int caller)
    {
        var path = route.Template
            .Replace("{slug}", "matrix-no-such-article").Replace("{id}", "0000000000000000000-aaaaaaaaaaaa")
            .Replace("{file}", "rss.xml").Replace("{tag}", "matrix").Replace("{section}", "matrix").Replace("{step}", "done")
            .Replace("{*path}", "matrix-no-such-page");
        // Writes get a body their function refuses, so the matrix changes nothing; admins' rebuilds have none to refuse.
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path)
        {
            Content = route.Method is "GET" or "HEAD" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        switch (Callers[caller])
        {
            case "Automation key":
                request.Headers.Add("x-functions-key", FunctionAppFixture.FunctionKey);
                break;
            case "Event Grid key":
                request.Headers.Add("x-functions-key", FunctionAppFixture.EventGridKey);
                break;
            case "Editor":
                request.Headers.Add("Cookie", await app.Host.SessionCookieAsync(DevHostProcess.EditorName, "Editor"));
                break;
            case "Admin":
                request.Headers.Add("Cookie", await app.Host.SessionCookieAsync(DevHostProcess.AdminName, "Admin"));
                break;
        }
        // A page's redirect is its answer: not followed.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
