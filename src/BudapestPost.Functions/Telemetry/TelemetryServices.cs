using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BudapestPost.Functions.Telemetry;

public static class TelemetryServices
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry for the worker: its invocation spans, the Azure SDK's storage calls and the app's
    /// own spans and metrics, exported to Application Insights when its connection string is set
    /// (signed in as the managed identity: local auth is off), to an OTLP endpoint when one is set,
    /// and nowhere otherwise. Its middleware goes outside the exception middleware, so it sees the 500s
    /// that one writes, and inside the ASP.NET Core integration's, which ends the response after it
    /// (reading the response of an ended request throws).
    /// </summary>
    public static FunctionsApplicationBuilder AddTelemetry(this FunctionsApplicationBuilder builder)
    {
        builder.UseMiddleware<HttpOutcomeMiddleware>();

        // The Azure SDK's spans (one per storage call) are still behind this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(AppTelemetry.Name, "Azure.*"))
            .WithMetrics(metrics => metrics.AddMeter(AppTelemetry.Name))
            .UseFunctionsWorkerDefaults();

        var connectionString = builder.Configuration[ConnectionStringSetting];
        if (!string.IsNullOrEmpty(connectionString))
        {
            var clientId = ManagedIdentityClientId(builder.Configuration[AuthenticationStringSetting]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = clientId is null
                    ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            });
        }
        if (!string.IsNullOrEmpty(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>The <c>ClientId</c> of <c>"ClientId=…;Authorization=AAD"</c>, as the Functions host reads it.</summary>
    public static string? ManagedIdentityClientId(string? authenticationString) =>
        (authenticationString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1])
            .FirstOrDefault();
}
