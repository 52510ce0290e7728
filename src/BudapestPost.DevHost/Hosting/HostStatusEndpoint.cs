using System.Diagnostics;
using BudapestPost.DevHost.Blobs;
using BudapestPost.DevHost.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Hosting;

/// <summary><c>GET /admin/host/status</c>: the real host's status fields plus what the DevHost knows of its worker.</summary>
public static class HostStatusEndpoint
{
    public static IResult Get(WorkerSupervisor supervisor, BlobTriggerDispatcher blobs, IOptions<DevHostOptions> options)
    {
        var session = supervisor.Session;
        var catalog = session?.Catalog ?? supervisor.LastCatalog;
        return Results.Ok(new
        {
            id = options.Value.HostId,
            state = supervisor.State.ToString(),
            version = typeof(HostStatusEndpoint).Assembly.GetName().Version?.ToString(),
            processUptime = (long)(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds,
            worker = new
            {
                processId = session?.ProcessId,
                httpUri = session?.HttpUri,
                readyAt = session?.ReadyAt,
                restarts = supervisor.Restarts,
                standbyProcessId = supervisor.StandbyProcessId,
                activeInvocations = session?.Channel.ActiveInvocations ?? 0,
            },
            pendingBlobs = blobs.Pending,
            functions = catalog?.Functions.Select(function => new
            {
                name = function.Name,
                trigger = function.Http is not null ? "http" : function.Blob is not null ? "blob"
                    : function.Timer is not null ? "timer" : function.Queue is not null ? "queue" : "other",
                route = catalog.Routes.Routes.FirstOrDefault(route => route.Function == function)?.Template,
                methods = function.Http?.Methods,
                authLevel = function.Http?.AuthLevel.ToString().ToLowerInvariant(),
                path = function.Blob?.Path.Text,
                schedule = function.Timer?.Schedule,
                queue = function.Queue?.QueueName,
                outputQueues = function.QueueOutputs.Select(output => output.QueueName),
            }),
        });
    }
}
