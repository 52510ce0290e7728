using BudapestPost.Core.Articles;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// Told about each article version just before the catalog makes it live, so a feature can keep
/// its own read model in step with publishing without Articles depending on it. Called again when
/// a publish is retried, so an implementation must be idempotent.
/// </summary>
public interface ILiveVersionObserver
{
    Task OnGoingLiveAsync(Article article, CancellationToken cancellationToken);
}
