using System.Text;

namespace BudapestPost.Core.Related;

/// <summary>
/// Compact binary form of a <see cref="RelatedIndex"/>: the snapshot, each article's list fields
/// and raw term counts (delta-coded ids into one sorted term table), and each related list as
/// neighbor ordinals. Weights, keys, postings and scores are derived again on load. Also change
/// records: the state of a few articles (content or gone), replayed onto a loaded model.
/// </summary>
public static class RelatedIndexSerializer
{
    private const int Magic = 0x49525042; // "BPRI"
    private const int FormatVersion = 1;

    public static void Write(RelatedIndex index, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(index);
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(index.Options.RankingFingerprint);

        var statistics = index.Statistics;
        writer.Write(statistics.DocumentCount);
        writer.Write7BitEncodedInt(statistics.DocumentFrequencies.Count);
        foreach (var (term, frequency) in statistics.DocumentFrequencies.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.Write(term);
            writer.Write7BitEncodedInt(frequency);
        }

        WriteEntries(writer, index.EntriesBySlug.ToArray());
    }

    public static RelatedIndex Read(Stream source, RelatedOptions options)
    {
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException("Not a related-index model.");
        }
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported related-index model version {version}.");
        }
        var fingerprint = reader.ReadString();

        var documentCount = reader.ReadInt32();
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = reader.Read7BitEncodedInt(); i > 0; i--)
        {
            var term = reader.ReadString();
            frequencies.Add(term, reader.Read7BitEncodedInt());
        }
        var statistics = new TermStatistics(documentCount, frequencies);

        var terms = new string[reader.Read7BitEncodedInt()];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = reader.ReadString();
        }

        var index = new RelatedIndex(options, statistics);
        var slugs = new string[reader.Read7BitEncodedInt()];
        var neighborOrdinals = new int[slugs.Length][];
        for (var i = 0; i < slugs.Length; i++)
        {
            var article = ReadArticle(reader, terms);
            slugs[i] = article.Slug;
            index.AddUnranked(article);
            neighborOrdinals[i] = new int[reader.Read7BitEncodedInt()];
            for (var n = 0; n < neighborOrdinals[i].Length; n++)
            {
                neighborOrdinals[i][n] = reader.Read7BitEncodedInt();
            }
        }

        if (fingerprint == options.RankingFingerprint)
        {
            var neighbors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            for (var i = 0; i < slugs.Length; i++)
            {
                neighbors.Add(slugs[i], Array.ConvertAll(neighborOrdinals[i], ordinal => slugs[ordinal]));
            }
            index.RestoreLists(statistics, neighbors);
        }
        else
        {
            // Ranking settings changed since the model was written: same snapshot, lists ranked anew.
            index.RankAll(statistics);
        }
        return index;
    }

    /// <summary>Writes the current state of each slug in <paramref name="index"/>: its analyzed content, or that it is gone.</summary>
    public static void WriteChanges(RelatedIndex index, IEnumerable<string> slugs, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(index);
        var entries = slugs.Distinct(StringComparer.Ordinal).Select(slug => (slug, index.Find(slug))).ToArray();
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write7BitEncodedInt(entries.Length);
        foreach (var (slug, entry) in entries)
        {
            writer.Write(slug);
            writer.Write(entry is not null);
            if (entry is not null)
            {
                WriteListFields(writer, entry.Article);
                writer.Write7BitEncodedInt(entry.Article.Terms.Length);
                for (var i = 0; i < entry.Article.Terms.Length; i++)
                {
                    writer.Write(entry.Article.Terms[i]);
                    writer.Write7BitEncodedInt(entry.Article.Counts[i]);
                }
            }
        }
    }

    /// <summary>Replays change records written by <see cref="WriteChanges"/> onto <paramref name="index"/>.</summary>
    public static IndexChanges ApplyChanges(Stream source, RelatedIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        var changes = IndexChanges.None;
        for (var count = reader.Read7BitEncodedInt(); count > 0; count--)
        {
            var slug = reader.ReadString();
            if (!reader.ReadBoolean())
            {
                changes = changes.Then(index.Remove(slug), index);
                continue;
            }
            var (title, lead, published, tags) = ReadListFields(reader);
            var terms = new string[reader.Read7BitEncodedInt()];
            var counts = new int[terms.Length];
            for (var i = 0; i < terms.Length; i++)
            {
                terms[i] = reader.ReadString();
                counts[i] = reader.Read7BitEncodedInt();
            }
            changes = changes.Then(index.Upsert(new AnalyzedArticle(slug, title, lead, published, tags, terms, counts)), index);
        }
        return changes;
    }

    private static void WriteEntries(BinaryWriter writer, CorpusEntry[] entries)
    {
        var terms = entries.SelectMany(entry => entry.Article.Terms).Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        var termIndex = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        writer.Write7BitEncodedInt(terms.Length);
        foreach (var term in terms)
        {
            termIndex.Add(term, termIndex.Count);
            writer.Write(term);
        }

        var ordinals = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ordinals.Add(entry.Slug, ordinals.Count);
        }

        writer.Write7BitEncodedInt(entries.Length);
        foreach (var entry in entries)
        {
            var article = entry.Article;
            writer.Write(article.Slug);
            WriteListFields(writer, article);

            // Terms are sorted, so their table indexes ascend: store the gaps.
            writer.Write7BitEncodedInt(article.Terms.Length);
            var previous = 0;
            for (var i = 0; i < article.Terms.Length; i++)
            {
                var current = termIndex[article.Terms[i]];
                writer.Write7BitEncodedInt(current - previous);
                writer.Write7BitEncodedInt(article.Counts[i]);
                previous = current;
            }

            writer.Write7BitEncodedInt(entry.Related.Count);
            foreach (var neighbor in entry.Related)
            {
                writer.Write7BitEncodedInt(ordinals[neighbor.Entry.Slug]);
            }
        }
    }

    private static AnalyzedArticle ReadArticle(BinaryReader reader, string[] terms)
    {
        var slug = reader.ReadString();
        var (title, lead, published, tags) = ReadListFields(reader);

        var articleTerms = new string[reader.Read7BitEncodedInt()];
        var counts = new int[articleTerms.Length];
        var current = 0;
        for (var i = 0; i < articleTerms.Length; i++)
        {
            current += reader.Read7BitEncodedInt();
            articleTerms[i] = terms[current];
            counts[i] = reader.Read7BitEncodedInt();
        }
        return new AnalyzedArticle(slug, title, lead, published, tags, articleTerms, counts);
    }

    private static void WriteListFields(BinaryWriter writer, AnalyzedArticle article)
    {
        writer.Write(article.Title);
        writer.Write(article.Lead);
        writer.Write(article.Published.UtcTicks);
        writer.Write((short)article.Published.Offset.TotalMinutes);
        writer.Write7BitEncodedInt(article.Tags.Length);
        foreach (var tag in article.Tags)
        {
            writer.Write(tag);
        }
    }

    private static (string Title, string Lead, DateTimeOffset Published, string[] Tags) ReadListFields(BinaryReader reader)
    {
        var title = reader.ReadString();
        var lead = reader.ReadString();
        var utcTicks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        var tags = new string[reader.Read7BitEncodedInt()];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = reader.ReadString();
        }
        return (title, lead, new DateTimeOffset(utcTicks + offset.Ticks, offset), tags);
    }
}
