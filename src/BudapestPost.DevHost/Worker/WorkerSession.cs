using BudapestPost.DevHost.Http;

namespace BudapestPost.DevHost.Worker;

/// <summary>A worker that completed the handshake and loaded its functions: what requests are sent to.</summary>
public sealed record WorkerSession(
    WorkerChannel Channel,
    FunctionCatalog Catalog,
    Uri? HttpUri,
    int ProcessId,
    DateTimeOffset ReadyAt);
