namespace BudapestPost.DevHost.Worker;

public enum WorkerState
{
    Starting,
    Running,
    Restarting,
    Stopped,
}
