using BudapestPost.Core.Related;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Related;

public sealed class RelatedIndexSerializerTests
{
    private static readonly RelatedOptions Options = new();
    private readonly SyntheticArticles _corpus = new(120, bodyWords: 60);

    [Fact]
    public void Read_WrittenModel_SameListsAndStatistics()
    {
        var index = RelatedIndex.Build(_corpus.Articles(), Options);

        var restored = RoundTrip(index, Options);

        RelatedIndexEquivalenceTests.AssertSameLists(index, restored);
        Assert.Equal(index.Statistics.DocumentFrequencies, restored.Statistics.DocumentFrequencies);
    }

    [Fact]
    public void Read_ThenUpsert_SameChangesAsOriginal()
    {
        var index = RelatedIndex.Build(_corpus.Articles().Take(100), Options);
        var restored = RoundTrip(index, Options);
        var next = _corpus.Article(100);

        Assert.Equal(index.Upsert(next), restored.Upsert(next), new IndexChangesComparer());
        RelatedIndexEquivalenceTests.AssertSameLists(index, restored);
    }

    [Fact]
    public void Read_DifferentRelatedCount_ListsRankedForNewOptions()
    {
        var index = RelatedIndex.Build(_corpus.Articles(), Options);
        var shorter = new RelatedOptions { RelatedCount = 3 };

        var restored = RoundTrip(index, shorter);

        RelatedIndexEquivalenceTests.AssertSameLists(RelatedIndex.Build(_corpus.Articles(), shorter, index.Statistics), restored);
    }

    [Fact]
    public void ApplyChanges_RecordsOfUpsertsAndRemovals_ReplayToTheSameLists()
    {
        var index = RelatedIndex.Build(_corpus.Articles().Take(100), Options);
        var replica = RoundTrip(index, Options);
        var changed = new List<string>();
        foreach (var article in _corpus.Articles().Skip(100))
        {
            index.Upsert(article);
            changed.Add(article.Slug);
        }
        index.Remove(_corpus.Article(3).Slug);
        changed.Add(_corpus.Article(3).Slug);
        using var records = new MemoryStream();

        RelatedIndexSerializer.WriteChanges(index, changed, records);
        records.Position = 0;
        var changes = RelatedIndexSerializer.ApplyChanges(records, replica);

        RelatedIndexEquivalenceTests.AssertSameLists(index, replica);
        Assert.Contains(_corpus.Article(3).Slug, changes.RemovedLists);
    }

    [Fact]
    public void Read_NotAModel_ThrowsInvalidData()
    {
        using var stream = new MemoryStream("{\"slug\":\"x\"}"u8.ToArray());

        Assert.Throws<InvalidDataException>(() => RelatedIndexSerializer.Read(stream, Options));
    }

    private static RelatedIndex RoundTrip(RelatedIndex index, RelatedOptions options)
    {
        using var stream = new MemoryStream();
        RelatedIndexSerializer.Write(index, stream);
        stream.Position = 0;
        return RelatedIndexSerializer.Read(stream, options);
    }

    private sealed class IndexChangesComparer : IEqualityComparer<IndexChanges>
    {
        public bool Equals(IndexChanges? x, IndexChanges? y) =>
            x is not null && y is not null
            && x.RelatedLists.SequenceEqual(y.RelatedLists)
            && x.RemovedLists.SequenceEqual(y.RemovedLists);

        public int GetHashCode(IndexChanges obj) => obj.RelatedLists.Count;
    }
}
