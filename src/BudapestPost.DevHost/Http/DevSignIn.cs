using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace BudapestPost.DevHost.Http;

/// <summary>
/// Plays App Service authentication locally. <c>GET /.auth/login/dev?user=…&amp;roles=Editor,Admin</c> signs in
/// whoever asks (there is no password: this is a development host on loopback) with a session cookie the client cannot
/// forge (data protection under a key of this run); <c>/.auth/logout</c> ends it. A request that carries the cookie
/// reaches the worker with the <c>x-ms-client-principal</c> headers the platform sets for a signed-in caller, claims as
/// Entra ID gives them (name, object id, <c>roles</c>). A client's own copies of those headers never reach the worker.
/// </summary>
public sealed class DevSignIn
{
    /// <summary>App Service's own session cookie name.</summary>
    public const string CookieName = "AppServiceAuthSession";
    public const string Provider = "dev";
    public const string PrincipalHeader = "x-ms-client-principal";
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const int MaxUserLength = 64;

    // A fresh key each run: a restart signs everyone out, as nothing about a session is stored.
    private readonly IDataProtector _protector = new EphemeralDataProtectionProvider().CreateProtector("DevHost.SignIn");

    public async Task SignInAsync(HttpContext context)
    {
        var user = context.Request.Query["user"].ToString().Trim();
        var roles = context.Request.Query["roles"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
        if (user.Length is 0 or > MaxUserLength || !user.All(IsPlain) || !roles.All(role => role.All(char.IsAsciiLetterOrDigit)))
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid-sign-in", "Invalid sign-in",
                $"Give user= (1-{MaxUserLength} printable characters) and optionally roles= (comma-separated names, e.g. Editor,Admin).");
            return;
        }
        var session = new Session(user, ObjectIdOf(user), roles);
        context.Response.Cookies.Append(CookieName, _protector.Protect(JsonSerializer.Serialize(session)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        context.Response.Redirect(LocalRedirect(context.Request.Query["post_login_redirect_uri"]));
    }

    public void SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
        context.Response.Redirect(LocalRedirect(context.Request.Query["post_logout_redirect_uri"]));
    }

    /// <summary>Any other provider: Entra ID is the one in Azure, and there is none here.</summary>
    public static Task NoSuchProviderAsync(HttpContext context) =>
        Problems.WriteAsync(context, StatusCodes.Status404NotFound, "no-sign-in-provider", "No such sign-in provider",
            $"Locally, sign in at /.auth/login/{Provider}?user=<name>&roles=Editor (or Editor,Admin).");

    /// <summary>The platform's principal headers for the request's session; none when it has no valid session cookie.</summary>
    public IEnumerable<KeyValuePair<string, string>> PrincipalHeaders(HttpRequest request)
    {
        if (Read(request.Cookies[CookieName]) is not { } session)
        {
            return [];
        }
        var principal = new
        {
            auth_typ = Provider,
            name_typ = "name",
            role_typ = "roles",
            claims = new[] { new Claim("name", session.User), new Claim(ObjectIdClaim, session.ObjectId) }
                .Concat(session.Roles.Select(role => new Claim("roles", role))),
        };
        return
        [
            new(PrincipalHeader, Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(principal))),
            new(PrincipalHeader + "-name", session.User),
            new(PrincipalHeader + "-id", session.ObjectId),
            new(PrincipalHeader + "-idp", Provider),
        ];
    }

    private Session? Read(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Session>(_protector.Unprotect(cookie));
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    // The same user gets the same object id every time, as a person keeps theirs in Entra ID.
    private static string ObjectIdOf(string user) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(user))[..16]).ToString();

    private static bool IsPlain(char c) => c is >= ' ' and <= '~';

    // Only a path on this host: the sign-in must not become an open redirect.
    private static string LocalRedirect(string? target) =>
        target is ['/', not '/' and not '\\', ..] or "/" ? target : "/";

    private sealed record Session(string User, string ObjectId, string[] Roles);

    private sealed record Claim(string typ, string val);
}
