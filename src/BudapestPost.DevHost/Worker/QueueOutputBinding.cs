namespace BudapestPost.DevHost.Worker;

/// <summary>A queue output binding: the output's name (<c>$return</c> for the return value), queue and connection setting name.</summary>
public sealed record QueueOutputBinding(string Name, string QueueName, string Connection);
