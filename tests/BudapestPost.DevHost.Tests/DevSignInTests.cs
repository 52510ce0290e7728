using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BudapestPost.DevHost.Tests;

/// <summary>The DevHost playing App Service authentication: the development sign-in, its cookie and the principal headers.</summary>
[Collection(DevHostCollection.Name)]
public sealed class DevSignInTests(DevHostFixture host)
{
    private HttpClient NoRedirects() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Client.BaseAddress };

    private async Task<string> SignInAsync(string query)
    {
        using var client = NoRedirects();
        var response = await client.GetAsync(".auth/login/dev?" + query);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        return cookie.Split(';')[0];
    }

    private async Task<JsonElement> EchoAsync(string? cookie, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo") { Content = new StringContent("") };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        using var client = NoRedirects();
        return await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task SignedIn_WorkerGetsThePlatformsPrincipalHeaders()
    {
        var cookie = await SignInAsync("user=Eva%20Editor&roles=Editor,Admin");

        var echoed = await EchoAsync(cookie);

        var principal = JsonDocument.Parse(Convert.FromBase64String(echoed.GetProperty("principal").GetString()!)).RootElement;
        var claims = principal.GetProperty("claims").EnumerateArray()
            .Select(claim => (claim.GetProperty("typ").GetString(), claim.GetProperty("val").GetString())).ToList();
        var id = echoed.GetProperty("principalId").GetString();
        Assert.Equal(("name", "roles"), (principal.GetProperty("name_typ").GetString(), principal.GetProperty("role_typ").GetString()));
        Assert.Contains(("name", "Eva Editor"), claims);
        Assert.Contains(("http://schemas.microsoft.com/identity/claims/objectidentifier", id), claims);
        Assert.Equal(["Admin", "Editor"], claims.Where(claim => claim.Item1 == "roles").Select(claim => claim.Item2).Order());
        Assert.Equal("Eva Editor", echoed.GetProperty("principalName").GetString());
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, (await EchoAsync(await SignInAsync("user=Eva%20Editor&roles=Editor"))).GetProperty("principalId").GetString());
        Assert.Equal("True", echoed.GetProperty("authEnabled").GetString());
    }

    [Fact]
    public async Task ClientsOwnPrincipalHeaders_NeverReachTheWorker()
    {
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"claims":[{"typ":"roles","val":"Admin"}]}"""));
        (string, string)[] headers = [("x-ms-client-principal", forged), ("x-ms-client-principal-name", "Mallory"), ("X-MS-CLIENT-PRINCIPAL-ID", "1")];

        var anonymous = await EchoAsync(null, headers);
        var signedIn = await EchoAsync(await SignInAsync("user=Eva&roles=Editor"), headers);

        Assert.Equal(("", "", ""), (anonymous.GetProperty("principal").GetString(), anonymous.GetProperty("principalName").GetString(), anonymous.GetProperty("principalId").GetString()));
        Assert.NotEqual(forged, signedIn.GetProperty("principal").GetString());
        Assert.Equal("Eva", signedIn.GetProperty("principalName").GetString());
    }

    [Fact]
    public async Task ForgedOrForeignCookie_IsNoSession()
    {
        var cookie = await SignInAsync("user=Eva&roles=Editor");

        var forged = await EchoAsync("AppServiceAuthSession=" + Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"User":"Mallory","ObjectId":"1","Roles":["Admin"]}""")));
        var tampered = await EchoAsync(cookie[..^2] + (cookie[^2..] == "AA" ? "BB" : "AA"));

        Assert.Equal("", forged.GetProperty("principal").GetString());
        Assert.Equal("", tampered.GetProperty("principal").GetString());
    }

    [Theory]
    [InlineData("user=Eva&post_login_redirect_uri=/articles/x", "/articles/x")]
    [InlineData("user=Eva&post_login_redirect_uri=//evil.example/", "/")]
    [InlineData("user=Eva&post_login_redirect_uri=https://evil.example/", "/")]
    [InlineData("user=Eva&post_login_redirect_uri=/\\evil.example", "/")]
    [InlineData("user=Eva", "/")]
    public async Task SignIn_RedirectsOnlyWithinTheHost(string query, string location)
    {
        using var client = NoRedirects();

        var response = await client.GetAsync(".auth/login/dev?" + query);

        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOut_ExpiresTheCookie_AndOtherProvidersSayHowToSignInHere()
    {
        using var client = NoRedirects();

        var signOut = await client.GetAsync(".auth/logout");
        var aad = await client.GetAsync(".auth/login/aad");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("AppServiceAuthSession=;", StringComparison.Ordinal) && cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.NotFound, aad.StatusCode);
        Assert.Contains("/.auth/login/dev", await aad.Content.ReadAsStringAsync());
    }
}
