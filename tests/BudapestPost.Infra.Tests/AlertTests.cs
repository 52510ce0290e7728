using System.Text.Json.Nodes;
using BudapestPost.Functions.Articles;
using BudapestPost.Infra.Tests.Arm;
using BudapestPost.Testing;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class AlertTests(CompiledTemplateFixture compiled)
{
    private const string ActionGroupId = "[resourceId('Microsoft.Insights/actionGroups', parameters('actionGroupName'))]";

    private ArmScope Alerts => compiled.Template.ModuleScope("alerts");

    private IEnumerable<ArmResource> AllAlerts =>
        compiled.Template.OfType("Microsoft.Insights/scheduledQueryRules").Concat(compiled.Template.OfType("Microsoft.Insights/metricAlerts"));

    /// <summary>What a parameter of the alerts module is, followed back to main.bicep.</summary>
    private string AlertsParameter(string name) => JsonText.Of(Alerts.Resolve(JsonValue.Create($"[parameters('{name}')]")));

    private JsonArray LogAlerts => Alerts.Resolve(JsonValue.Create("[variables('logAlerts')]"))!.AsArray();

    private JsonNode LogAlert(string name) => Assert.Single(LogAlerts, a => (string?)a!["name"] == name)!;

    private ArmResource MetricAlert(string metricName) =>
        Assert.Single(compiled.Template.OfType("Microsoft.Insights/metricAlerts"),
            a => (string?)a.Property("properties.criteria.allOf")![0]!["metricName"] == metricName);

    [Fact]
    public void ActionGroup_MailsTheAddressFromTheAzdEnvironment()
    {
        var group = compiled.Template.Single("Microsoft.Insights/actionGroups");
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplateFixture.InfraPath, "main.parameters.json")))!["parameters"]!;

        Assert.Contains("'emailAddress', parameters('alertEmail')", (string)group.Property("properties.emailReceivers")!);
        Assert.Equal("[parameters('alertEmail')]", (string?)compiled.Template.Module("alerts").Property("properties.parameters.alertEmail.value"));
        Assert.Equal("${ALERT_EMAIL}", (string?)parameters["alertEmail"]!["value"]);
        Assert.True((bool)group.Property("properties.enabled")!);
    }

    [Fact]
    public void Alerts_FiveOfThem_EachNotifyTheActionGroup()
    {
        var alerts = AllAlerts.ToList();
        var logAlertCount = LogAlerts.Count;

        Assert.Equal(3, logAlertCount);
        Assert.Equal(2, alerts.Count(a => a.Type == "Microsoft.Insights/metricAlerts"));
        Assert.All(alerts, alert =>
        {
            Assert.True((bool)alert.Property("properties.enabled")!);
            Assert.Contains(ActionGroupId, JsonText.Of(alert.Property("properties.actions")));
        });
    }

    [Fact]
    public void LogAlerts_ReadTheAppsApplicationInsights()
    {
        var rule = compiled.Template.Single("Microsoft.Insights/scheduledQueryRules");
        var component = compiled.Template.Single("Microsoft.Insights/components");

        Assert.Equal("[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]",
            (string?)rule.Property("properties.scopes")![0]);
        Assert.Equal(JsonText.Of(component.Resolved("name")), AlertsParameter("applicationInsightsName"));
        Assert.Equal("LogAlert", (string?)rule.Property("kind"));
    }

    [Fact]
    public void ServerErrorRate_IsThe5xxShareOfHttpRequests()
    {
        var query = (string)LogAlert("http-5xx-rate")["query"]!;

        Assert.StartsWith("[format('requests ", query);
        Assert.Contains("countif(toint(resultCode) >= 500)", query);
        Assert.Contains("100.0 * failed / total", query);
        Assert.Equal(1, (int)LogAlert("http-5xx-rate")["severity"]!);
    }

    [Fact]
    public void PublishRejected_MatchesWhatThePublisherLogs()
    {
        // The alert keys on the publisher's log category and message; renaming either would silence it.
        var query = (string)LogAlert("publish-rejected")["query"]!;
        var publisher = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "BudapestPost.Functions", "Articles", "ArticlePublisher.cs"));

        Assert.Contains($"customDimensions.CategoryName == \"{typeof(ArticlePublisher).FullName}\"", query);
        Assert.Contains("message startswith \"Rejected \"", query);
        Assert.Contains("LogWarning(\"Rejected {BlobName}", publisher);
    }

    [Fact]
    public void FunctionErrors_CountFailedInvocationsAndUnhandledHttpExceptions()
    {
        var query = (string)LogAlert("function-errors")["query"]!;

        Assert.StartsWith("union (requests | where success == false", query);
        Assert.Contains("toint(resultCode) >= 500", query);
        const string middleware = "BudapestPost.Functions.Http.ExceptionHandlingMiddleware";
        Assert.Contains($"customDimensions.CategoryName == \"{middleware}\"", query);
        Assert.NotNull(typeof(ArticlePublisher).Assembly.GetType(middleware));
    }

    [Fact]
    public void DeadLetterAlert_WatchesTheSystemTopic()
    {
        var alert = MetricAlert("DeadLetteredCount");
        var topic = compiled.Template.Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal("[resourceId('Microsoft.EventGrid/systemTopics', parameters('systemTopicName'))]", (string?)alert.Property("properties.scopes")![0]);
        Assert.Equal(JsonText.Of(topic.Resolved("name")), AlertsParameter("systemTopicName"));
        Assert.Equal("Microsoft.EventGrid/systemTopics", (string?)alert.Property("properties.criteria.allOf")![0]!["metricNamespace"]);
        Assert.Equal(0, (int)alert.Property("properties.criteria.allOf")![0]!["threshold"]!);
    }

    [Fact]
    public void PoisonQueueAlert_WatchesTheAppsStorageQueues()
    {
        var alert = MetricAlert("QueueMessageCount");
        var account = compiled.Template.Single("Microsoft.Storage/storageAccounts");

        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts/queueServices', parameters('storageAccountName'), 'default')]",
            (string?)alert.Property("properties.scopes")![0]);
        Assert.Equal(JsonText.Of(account.Resolved("name")), AlertsParameter("storageAccountName"));
        Assert.Equal("Microsoft.Storage/storageAccounts/queueServices", (string?)alert.Property("properties.criteria.allOf")![0]!["metricNamespace"]);
    }
}
