using BudapestPost.Core.Articles;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// Told, after every publish that leaves a version live (including a repeat of the live
/// content, so a step a crash cut short is redone), which article that is. Called under the
/// slug's turn, so calls for one slug never overlap and come in the order the versions went live.
/// Features that render from articles (feeds, sitemaps) implement it; the publisher knows none of them.
/// </summary>
public interface IArticleLiveListener
{
    Task ArticleLiveAsync(Article article, RenderedArticle rendered, CancellationToken cancellationToken);
}
