namespace BudapestPost.DevHost.Worker;

/// <summary>A blob trigger: parameter name, the path it watches and the name of its connection setting.</summary>
public sealed record BlobTriggerBinding(string Name, BlobPathPattern Path, string Connection);
