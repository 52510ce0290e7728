namespace BudapestPost.Core.Articles;

public enum ArticleStatus
{
    Published,
    Draft,
    Retracted,
}
