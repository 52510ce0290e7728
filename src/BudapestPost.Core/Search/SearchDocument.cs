using BudapestPost.Core.Articles;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace BudapestPost.Core.Search;

/// <summary>The Lucene document of a published article.</summary>
internal static class SearchDocument
{
    public static Document From(Article article)
    {
        var text = ArticleRenderer.Render(article.Body).Text;
        var document = new Document
        {
            new StringField(SearchFields.Slug, article.Slug, Field.Store.YES),
            new SortedDocValuesField(SearchFields.Slug, new BytesRef(article.Slug)),
            new TextField(SearchFields.Title, article.Title, Field.Store.YES),
            new TextField(SearchFields.TitleWords, article.Title, Field.Store.NO),
            new TextField(SearchFields.Lead, article.Lead, Field.Store.YES),
            new TextField(SearchFields.Text, text, Field.Store.YES),
            new TextField(SearchFields.Tags, string.Join(' ', article.Tags), Field.Store.NO),
            new Int64Field(SearchFields.Published, article.Published.UtcTicks, Field.Store.YES),
            new NumericDocValuesField(SearchFields.Published, article.Published.UtcTicks),
            new StringField(SearchFields.ContentHash, article.ContentHash, Field.Store.YES),
        };
        foreach (var tag in article.Tags)
        {
            document.Add(new StringField(SearchFields.Tag, tag, Field.Store.NO));
        }
        if (article.Section is { } section)
        {
            document.Add(new StringField(SearchFields.Section, section, Field.Store.NO));
        }
        return document;
    }
}
