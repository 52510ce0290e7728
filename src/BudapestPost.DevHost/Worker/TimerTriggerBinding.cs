namespace BudapestPost.DevHost.Worker;

/// <summary>A timer trigger: parameter name, schedule (NCRONTAB or TimeSpan, may name a <c>%Setting%</c>) and its flags.</summary>
public sealed record TimerTriggerBinding(string Name, string Schedule, bool RunOnStartup, bool UseMonitor);
