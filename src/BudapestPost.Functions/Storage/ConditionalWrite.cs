using Azure;
using Azure.Data.Tables.Models;

namespace BudapestPost.Functions.Storage;

public static class ConditionalWrite
{
    /// <summary>Runs an ETag- or insert-guarded table write; false when another writer got there first.</summary>
    public static async Task<bool> TryAsync(Func<Task<Response>> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412 || e.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            return false;
        }
    }
}
