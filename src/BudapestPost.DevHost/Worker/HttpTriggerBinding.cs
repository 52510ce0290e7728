namespace BudapestPost.DevHost.Worker;

/// <summary>An HTTP trigger: the route template below the route prefix, allowed methods (empty = any) and auth level.</summary>
public sealed record HttpTriggerBinding(string Name, string Route, IReadOnlyList<string> Methods, AuthLevel AuthLevel);
