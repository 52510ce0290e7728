using System.Text;
using BudapestPost.Functions.Editors;
using Microsoft.AspNetCore.Http;

namespace BudapestPost.Functions.Tests.Editors;

public sealed class CallerTests
{
    private const string ObjectId = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b";

    private static IHeaderDictionary Headers(string? principal, string? name = null, string? id = null)
    {
        var headers = new HeaderDictionary();
        if (principal is not null)
        {
            headers[Caller.PrincipalHeader] = principal;
        }
        if (name is not null)
        {
            headers[Caller.PrincipalHeader + "-name"] = name;
        }
        if (id is not null)
        {
            headers[Caller.PrincipalHeader + "-id"] = id;
        }
        return headers;
    }

    private static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void FromPrincipal_AppServiceEntraPrincipal_ReadsNameObjectIdAndRoles()
    {
        var principal = Encode($$"""
            {"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress","role_typ":"roles",
             "claims":[{"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress","val":"eva@example.org"},
                       {"typ":"name","val":"Eva Editor"},
                       {"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"{{ObjectId}}"},
                       {"typ":"roles","val":"Editor"},{"typ":"roles","val":"Reader"}]}
            """);

        var caller = Caller.FromPrincipal(Headers(principal));

        Assert.NotNull(caller);
        Assert.Equal(("eva@example.org", ObjectId), (caller.Name, caller.ObjectId));
        Assert.Equal(["Editor", "Reader"], caller.Roles.Order());
        Assert.True(caller.Has(EditorRole.Editor));
        Assert.False(caller.Has(EditorRole.Admin));
    }

    [Fact]
    public void FromPrincipal_ClaimsWithoutName_TakeTheNameAndIdHeaders()
    {
        var principal = Encode("""{"auth_typ":"aad","claims":[{"typ":"roles","val":"Admin"}]}""");

        var caller = Caller.FromPrincipal(Headers(principal, name: "adam@example.org", id: ObjectId));

        Assert.Equal(new Caller("adam@example.org", ObjectId, new HashSet<string> { "Admin" }).ToString(), caller?.ToString());
        Assert.True(caller!.Has(EditorRole.Editor));
        Assert.True(caller.Has(EditorRole.Admin));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("e30=")]                                  // {} : no claims
    [InlineData("W10=")]                                  // []
    [InlineData("bnVsbA==")]                              // null
    [InlineData("eyJjbGFpbXMiOjQyfQ==")]                  // {"claims":42}
    [InlineData("eyJjbGFpbXMiOlt7InR5cCI6InJvbGVzIiwidmFsIjoiQWRtaW4ifV19")] // an Admin role but no object id anywhere
    [InlineData("eyJjbGFpbXMiOlt7InR5cCI6")]              // JSON cut short
    [InlineData("//79")]                                  // not UTF-8
    public void FromPrincipal_MissingOrMalformed_IsAnonymous(string? principal)
    {
        Assert.Null(Caller.FromPrincipal(Headers(principal)));
    }

    [Fact]
    public void FromPrincipal_ClaimValuesNotStrings_AreIgnored()
    {
        var principal = Encode($$"""{"claims":[{"typ":"oid","val":"{{ObjectId}}"},{"typ":"roles","val":7},{"typ":"roles"}]}""");

        var caller = Caller.FromPrincipal(Headers(principal));

        Assert.Equal((ObjectId, 0), (caller?.ObjectId, caller?.Roles.Count));
    }
}
