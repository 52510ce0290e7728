namespace BudapestPost.DevHost.Worker;

/// <summary>
/// A queue trigger: parameter name, queue (may name a <c>%Setting%</c>), connection setting name, and whether the
/// parameter takes the message itself (QueueMessage, BinaryData) rather than its text.
/// </summary>
public sealed record QueueTriggerBinding(string Name, string QueueName, string Connection, bool SupportsDeferredBinding);
