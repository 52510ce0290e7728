namespace BudapestPost.DevHost.Worker;

/// <summary>The authLevel of an HTTP trigger; System and User are treated as Admin here.</summary>
public enum AuthLevel
{
    Anonymous,
    User,
    Function,
    System,
    Admin,
}
