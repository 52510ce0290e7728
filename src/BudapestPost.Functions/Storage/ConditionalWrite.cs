using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Writes that succeed only while storage is as the writer believes it to be (a row or blob added only if absent,
/// changed only If-Match its ETag), and the one test of whether such a write lost a race to another writer.
/// </summary>
public static class ConditionalWrite
{
    /// <summary>
    /// True when a conditional write failed because another writer got there first: what it adds exists (409),
    /// what it changes has another ETag (412) or is gone (404; a missing table or container is an error, not a race).
    /// </summary>
    public static bool LostRace(RequestFailedException exception) =>
        exception.Status is 409 or 412 ||
        (exception.Status == 404 && exception.ErrorCode is not ("TableNotFound" or "ContainerNotFound"));

    /// <summary>Runs a conditional write; false when it lost a race.</summary>
    public static async Task<bool> TryAsync(Func<Task<Response>> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (RequestFailedException exception) when (LostRace(exception))
        {
            return false;
        }
    }

    /// <summary>
    /// Writes conditional actions on one partition all together or not at all: one entity group transaction, or a
    /// plain call for a single add or replace (cheaper for the service). The new ETag of every action's row, in
    /// order; null, with nothing written, when the transaction lost a race.
    /// </summary>
    public static async Task<IReadOnlyList<ETag>?> TrySubmitAsync(
        this TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            if (actions is [{ ActionType: TableTransactionActionType.Add or TableTransactionActionType.UpdateReplace } single])
            {
                var response = single.ActionType == TableTransactionActionType.Add
                    ? await table.AddEntityAsync(single.Entity, cancellationToken)
                    : await table.UpdateEntityAsync(single.Entity, single.ETag, TableUpdateMode.Replace, cancellationToken);
                return [response.Headers.ETag ?? default];
            }
            var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
            return responses.Value.Select(response => response.Headers.ETag ?? default).ToList();
        }
        catch (RequestFailedException exception) when (LostRace(exception))
        {
            return null;
        }
    }

    /// <summary>The action writing <paramref name="row"/> If-Match <paramref name="ifMatch"/>, or adding it when that is no ETag (no row yet).</summary>
    public static TableTransactionAction AddOrReplace(ITableEntity row, ETag ifMatch) => ifMatch == default
        ? new TableTransactionAction(TableTransactionActionType.Add, row)
        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, ifMatch);
}
