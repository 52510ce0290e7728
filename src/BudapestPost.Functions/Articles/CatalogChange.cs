namespace BudapestPost.Functions.Articles;

public enum CatalogChange
{
    /// <summary>The file became the live version.</summary>
    Applied,

    /// <summary>The catalog already had exactly this content.</summary>
    Unchanged,

    /// <summary>A newer version of the file is already live.</summary>
    Stale,
}
