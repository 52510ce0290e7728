using System.Net;
using System.Net.Sockets;
using BudapestPost.DevHost.Blobs;
using BudapestPost.DevHost.Http;
using BudapestPost.DevHost.Queues;
using BudapestPost.DevHost.Timers;
using BudapestPost.DevHost.Worker;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BudapestPost.DevHost.Hosting;

/// <summary>Builds the DevHost: client HTTP and the worker's gRPC stream on separate loopback ports.</summary>
public static class DevHostApplication
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits next to the DevHost binary, whatever folder it is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });

        var options = builder.Configuration.GetSection(DevHostOptions.SectionName).Get<DevHostOptions>() ?? new DevHostOptions();
        var rpcEndpoint = new RpcEndpoint(options.GrpcPort > 0 ? options.GrpcPort : FreeLoopbackPort());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, rpcEndpoint.Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddOptions<DevHostOptions>().Bind(builder.Configuration.GetSection(DevHostOptions.SectionName));
        builder.Services.AddSingleton(FunctionAppFolder.Load(options, Environment.GetEnvironmentVariables()));
        builder.Services.AddSingleton(rpcEndpoint);
        AddHostServices(builder.Services);

        var app = builder.Build();
        var supervisor = app.Services.GetRequiredService<WorkerSupervisor>();
        // Orderly shutdown terminates the worker; these cover exits that skip it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => supervisor.KillWorker();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => supervisor.KillWorker();
        MapEndpoints(app);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DevHost");
        var folder = app.Services.GetRequiredService<FunctionAppFolder>();
        logger.LogInformation("Function app {AppDirectory} with settings from {SettingsFile}", folder.Directory, folder.SettingsFile);
        return app;
    }

    /// <summary>The worker's supervisor and stream, the HTTP forwarder, and the blob, queue and timer triggers.</summary>
    private static void AddHostServices(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        services.AddHttpClient(FunctionHttpHandler.ForwarderClient)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
            });

        services.AddSingleton<WorkerChannelRegistry>();
        services.AddSingleton<WorkerLogForwarder>();
        services.AddSingleton<WorkerSupervisor>();
        services.AddHostedService(provider => provider.GetRequiredService<WorkerSupervisor>());
        services.AddSingleton<FunctionKeyAuthorizer>();
        services.AddSingleton<DevSignIn>();
        services.AddSingleton<FunctionHttpHandler>();
        services.AddSingleton<StorageConnections>();
        services.AddSingleton<BlobReceiptStore>();
        services.AddSingleton<BlobTriggerDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<BlobTriggerDispatcher>());
        services.AddHostedService<BlobTriggerPoller>();
        services.AddSingleton<EventGridWebhookHandler>();
        services.AddSingleton<QueueOutputWriter>();
        services.AddSingleton<FunctionInvoker>();
        services.AddHostedService<QueueTriggerListener>();
        services.AddSingleton<ScheduleStatusStore>();
        services.AddHostedService<TimerTriggerScheduler>();
    }

    /// <summary>The worker's gRPC stream, the host's own endpoints, and every other path for the HTTP functions.</summary>
    private static void MapEndpoints(WebApplication app)
    {
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.MapGrpcService<FunctionRpcService>();
        app.MapGet("/admin/host/status", HostStatusEndpoint.Get);
        app.MapGet("/.auth/login/" + DevSignIn.Provider, (HttpContext context, DevSignIn signIn) => signIn.SignInAsync(context));
        app.MapGet("/.auth/login/{provider}", DevSignIn.NoSuchProviderAsync);
        app.MapGet("/.auth/logout", (HttpContext context, DevSignIn signIn) => signIn.SignOut(context));
        app.MapMethods("/runtime/webhooks/blobs", [HttpMethods.Post, HttpMethods.Options],
            (HttpContext context, EventGridWebhookHandler webhook) => webhook.HandleAsync(context));
        app.Map("/{**path}", (HttpContext context, FunctionHttpHandler functions) => functions.HandleAsync(context))
            .WithOrder(int.MaxValue);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
