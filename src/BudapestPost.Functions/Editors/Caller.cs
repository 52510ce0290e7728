using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BudapestPost.Functions.Editors;

/// <summary>
/// Who calls an editor route: a signed-in person (name, Entra object id and app roles, from the principal App
/// Service authentication passes in <c>x-ms-client-principal</c>), or automation holding a function key.
/// </summary>
public sealed record Caller(string Name, string? ObjectId, IReadOnlySet<string> Roles)
{
    public const string PrincipalHeader = "x-ms-client-principal";

    /// <summary>
    /// What the app knows of a key caller: the host checks the key, but with ASP.NET Core integration the worker is
    /// not told which key it was.
    /// </summary>
    public static readonly Caller FunctionKey = new("function key", null, new HashSet<string>());

    // Entra ID's claims as App Service passes them; the role claim's type is also named by the principal's role_typ.
    private const string RolesClaim = "roles";
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static readonly string[] NameClaims = ["name", "preferred_username", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"];

    public bool Has(EditorRole role) =>
        Roles.Contains(nameof(EditorRole.Admin)) || (role == EditorRole.Editor && Roles.Contains(nameof(EditorRole.Editor)));

    /// <summary>
    /// The signed-in caller, or null for an anonymous one. Only the platform sets the header (it removes any copy a
    /// client sends); a header that does not decode, or names no object id, is treated as no sign-in at all.
    /// </summary>
    public static Caller? FromPrincipal(IHeaderDictionary headers)
    {
        var encoded = headers[PrincipalHeader].ToString();
        if (encoded.Length == 0)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(encoded));
            return Read(json.RootElement, headers);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Caller? Read(JsonElement principal, IHeaderDictionary headers)
    {
        if (principal.ValueKind != JsonValueKind.Object || !principal.TryGetProperty("claims", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var nameType = Text(principal, "name_typ");
        var roleType = Text(principal, "role_typ");
        var claims = list.EnumerateArray()
            .Select(claim => (Type: Text(claim, "typ") ?? "", Value: Text(claim, "val") ?? ""))
            .Where(claim => claim.Value.Length > 0)
            .ToList();
        string? First(params IEnumerable<string?> types) =>
            types.OfType<string>().SelectMany(type => claims.Where(claim => claim.Type == type)).Select(claim => claim.Value).FirstOrDefault();

        var objectId = First(ObjectIdClaim, "oid") ?? NullIfEmpty(headers[PrincipalHeader + "-id"]);
        if (objectId is null)
        {
            return null;
        }
        var name = First([nameType, .. NameClaims]) ?? NullIfEmpty(headers[PrincipalHeader + "-name"]) ?? objectId;
        var roles = claims.Where(claim => claim.Type == RolesClaim || claim.Type == roleType).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);
        return new Caller(name, objectId, roles);
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
