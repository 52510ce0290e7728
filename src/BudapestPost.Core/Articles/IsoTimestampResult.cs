namespace BudapestPost.Core.Articles;

internal enum IsoTimestampResult
{
    Valid,
    MissingOffset,
    Invalid,
}
