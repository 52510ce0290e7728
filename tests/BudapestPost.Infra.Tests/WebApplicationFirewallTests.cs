using System.Reflection;
using System.Text.RegularExpressions;
using BudapestPost.Functions.Feedback;
using BudapestPost.Infra.Tests.Arm;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Infra.Tests;

/// <summary>With Front Door on, its endpoint's firewall limits how fast one address may send the anonymous writes.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class WebApplicationFirewallTests(CompiledTemplateFixture compiled)
{
    private const string Endpoint = "https://afd-abc123-bxd7g3ajdkf8c2dq.z01.azurefd.net";

    private ArmResource Policy => compiled.Template.Single("Microsoft.Network/FrontDoorWebApplicationFirewallPolicies");

    private JsonRule Rule => new(Assert.Single(Policy.Property("properties.customRules.rules")!.AsArray())!.AsObject(), Policy.Scope);

    private sealed record JsonRule(System.Text.Json.Nodes.JsonObject Json, ArmScope Scope)
    {
        public System.Text.Json.Nodes.JsonObject Condition(string variable) =>
            Assert.Single(Json["matchConditions"]!.AsArray(), c => (string?)c!["matchVariable"] == variable)!.AsObject();

        public List<Regex> Paths => Scope.Resolve(Condition("RequestUri")["matchValue"])!.AsArray()
            .Select(pattern => new Regex((string)pattern!, RegexOptions.CultureInvariant)).ToList();

        public bool Limits(string method, string uri) =>
            method == "POST" && Paths.Any(path => path.IsMatch(uri.ToLowerInvariant()));
    }

    [Fact]
    public void Policy_IsPartOfTheFrontDoorProfile_OnlyWhenFrontDoorIsOn()
    {
        var policy = Policy;
        var profile = compiled.Template.ModuleScope("front-door-profile");

        Assert.Same(profile.Template, policy.Scope.Template);
        Assert.Equal("[parameters('frontDoorEnabled')]", (string?)compiled.Template.Module("front-door-profile").Property("condition"));
        Assert.Equal("Standard_AzureFrontDoor", (string?)policy.Resolved("sku.name"));
        Assert.Equal("Standard_AzureFrontDoor", (string?)compiled.Template.Single("Microsoft.Cdn/profiles").Resolved("sku.name"));
        Assert.Equal("Prevention", (string?)policy.Property("properties.policySettings.mode"));
        Assert.Equal("Enabled", (string?)policy.Property("properties.policySettings.enabledState"));
    }

    [Fact]
    public void SecurityPolicy_AppliesThePolicyToTheWholeEndpoint()
    {
        var security = compiled.Template.Single("Microsoft.Cdn/profiles/securityPolicies");
        var association = Assert.Single(security.Property("properties.parameters.associations")!.AsArray())!;

        Assert.Equal("WebApplicationFirewall", (string?)security.Property("properties.parameters.type"));
        Assert.Contains("Microsoft.Network/FrontDoorWebApplicationFirewallPolicies", (string)security.Property("properties.parameters.wafPolicy.id")!);
        Assert.Contains("Microsoft.Cdn/profiles/afdEndpoints", (string)Assert.Single(association["domains"]!.AsArray())!["id"]!);
        Assert.Equal(["/*"], association["patternsToMatch"]!.AsArray().Select(p => (string)p!));
    }

    [Fact]
    public void Rule_LimitsEachClientAddressPerMinute_AndBlocks()
    {
        var rule = Rule.Json;

        Assert.Equal("RateLimitRule", (string?)rule["ruleType"]);
        Assert.Equal("Block", (string?)rule["action"]);
        Assert.Equal(1, (int)rule["rateLimitDurationInMinutes"]!);
        Assert.Equal(20, (int)Policy.Scope.Resolve(rule["rateLimitThreshold"])!);
        Assert.Equal(["SocketAddr"], rule["groupBy"]!.AsArray().Select(g => (string)g!["variableName"]!));
        Assert.Equal(["POST"], Rule.Condition("RequestMethod")["matchValue"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(429, (int)Policy.Property("properties.policySettings.customBlockResponseStatusCode")!);
    }

    [Theory]
    [InlineData("/api/articles/budapest-metro-line-5/feedback")]
    [InlineData("/api/articles/budapest-metro-line-5/feedback?lang=en")]
    [InlineData("/API/Articles/Budapest-Metro-Line-5/Feedback")]
    [InlineData("/articles/budapest-metro-line-5/report")]
    [InlineData("/api/newsletter/subscriptions")]
    [InlineData("/newsletter")]
    public void Rule_MatchesTheAnonymousWrites(string path)
    {
        Assert.True(Rule.Limits("POST", Endpoint + path), path);
        Assert.False(Rule.Limits("GET", Endpoint + path), path);
    }

    [Theory]
    [InlineData("/api/articles/budapest-metro-line-5/related")]
    [InlineData("/api/articles/budapest-metro-line-5")]
    [InlineData("/articles/budapest-metro-line-5/reported")]
    [InlineData("/api/admin/article-events")]
    [InlineData("/newsletter/confirm")]
    [InlineData("/api/newsletter/unsubscribe")]
    public void Rule_LeavesOtherRequestsAlone(string path)
    {
        Assert.False(Rule.Limits("POST", Endpoint + path), path);
    }

    [Theory]
    [InlineData("api/articles/{slug}/feedback", "/api/articles/some-slug/feedback")]
    [InlineData("articles/{slug}/report", "/articles/some-slug/report")]
    [InlineData("api/newsletter/subscriptions", "/api/newsletter/subscriptions")]
    [InlineData("newsletter", "/newsletter")]
    public void Rule_FollowsTheAppsAnonymousPostRoutes(string route, string example)
    {
        // The routes as the functions declare them: renaming one without the rule fails here.
        var anonymousPosts = typeof(FeedbackHttp).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(method => method.GetParameters())
            .Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>())
            .Where(trigger => trigger is { AuthLevel: AuthorizationLevel.Anonymous } && trigger.Methods!.Contains("post"))
            .Select(trigger => trigger!.Route)
            .ToList();

        Assert.Contains(route, anonymousPosts);
        Assert.True(Rule.Limits("POST", Endpoint + example), example);
    }
}
