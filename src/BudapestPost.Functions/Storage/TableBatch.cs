using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Writes adds and ETag-guarded replaces on one partition all together or not at all: one entity group
/// transaction, or a plain call when there is a single action (cheaper for the service).
/// </summary>
public static class TableBatch
{
    /// <summary>An entity group transaction holds at most this many actions.</summary>
    public const int MaxActions = 100;

    /// <summary>
    /// The new ETag of every action's entity, in order; or, when another writer got there first (an ETag no longer
    /// matches, or a row to add exists), nothing is written and <see cref="TableBatchResult.Conflict"/> is set.
    /// </summary>
    public static async Task<TableBatchResult> TrySubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            if (actions is [var single])
            {
                var response = single.ActionType == TableTransactionActionType.Add
                    ? await table.AddEntityAsync(single.Entity, cancellationToken)
                    : await table.UpdateEntityAsync(single.Entity, single.ETag, TableUpdateMode.Replace, cancellationToken);
                return new TableBatchResult([response.Headers.ETag ?? default], null);
            }
            var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
            return new TableBatchResult(responses.Value.Select(r => r.Headers.ETag ?? default).ToList(), null);
        }
        catch (TableTransactionFailedException e) when (IsConflict(e))
        {
            return new TableBatchResult([], new TableBatchConflict(e.FailedTransactionActionIndex));
        }
        catch (RequestFailedException e) when (actions.Count == 1 && IsConflict(e))
        {
            return new TableBatchResult([], new TableBatchConflict(0));
        }
    }

    private static bool IsConflict(RequestFailedException e) => e.Status == 412 || e.ErrorCode == TableErrorCode.EntityAlreadyExists;
}

/// <summary>What <see cref="TableBatch.TrySubmitAsync"/> did: the new ETags, or the conflict that stopped it.</summary>
public sealed record TableBatchResult(IReadOnlyList<ETag> ETags, TableBatchConflict? Conflict);

/// <summary>The action that conflicted, when the service said which (it normally does).</summary>
public sealed record TableBatchConflict(int? FailedIndex);
