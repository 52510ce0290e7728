using System.Text;
using BudapestPost.Core.Articles;

namespace BudapestPost.Testing;

/// <summary>
/// A deterministic synthetic news corpus: made-up words, Zipf-distributed background vocabulary,
/// and stories (about 25 articles each) with their own names and tag, so the number of stories —
/// like a real news archive's vocabulary — grows with the corpus.
/// </summary>
public sealed class SyntheticArticles
{
    private const int BackgroundWords = 20_000;
    private const int StoryWordOffset = 1_000_000;
    private const int WordsPerStory = 12;
    private const int ArticlesPerStory = 25;
    private const int PopularTags = 40;
    private static readonly DateTimeOffset Start = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Syllables = BuildSyllables();
    private readonly double[] _backgroundCdf = ZipfCdf(BackgroundWords, 1.0);
    private readonly double[] _tagCdf = ZipfCdf(PopularTags, 1.0);
    private readonly int _storyCount;
    private readonly int _count;

    public SyntheticArticles(int count, int bodyWords = 300)
    {
        _count = count;
        _storyCount = Math.Max(8, count / ArticlesPerStory);
        BodyWords = bodyWords;
    }

    public int BodyWords { get; }

    /// <summary>Article <paramref name="number"/> of the corpus; numbers beyond the count make fresh articles for the same stories.</summary>
    public Article Article(int number)
    {
        var random = new Random(number * 7919 + 17);
        var story = random.Next(_storyCount);
        var title = Sentence(random, story, words: 8, storyShare: 0.5);
        var lead = Sentence(random, story, words: 22, storyShare: 0.3);
        var body = new StringBuilder();
        for (var paragraph = 0; paragraph < 5; paragraph++)
        {
            body.Append(Sentence(random, story, words: BodyWords / 5, storyShare: 0.12)).Append("\n\n");
        }
        var published = Start.AddMinutes(number * (3 * 365 * 24 * 60.0 / Math.Max(_count, 1)) + random.Next(60));
        string[] tags = [$"story-{story % 500}", $"topic-{Sample(random, _tagCdf)}"];
        return new Article(
            $"article-{number:D6}",
            title,
            lead,
            published,
            Updated: null,
            tags,
            Section: "world",
            ArticleStatus.Published,
            AiGenerated: true,
            body.ToString(),
            ContentHash: $"synthetic-{number}");
    }

    public IEnumerable<Article> Articles() => Enumerable.Range(0, _count).Select(Article);

    private string Sentence(Random random, int story, int words, double storyShare)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            var word = random.NextDouble() < storyShare
                ? Word(StoryWordOffset + story * WordsPerStory + random.Next(WordsPerStory))
                : Word(Sample(random, _backgroundCdf));
            text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(i + 1 < words ? ' ' : '.');
        }
        return text.ToString();
    }

    /// <summary>A unique pronounceable word of at least three syllables for each number.</summary>
    private static string Word(int number)
    {
        var word = new StringBuilder();
        var rest = number;
        for (var syllable = 0; syllable < 3 || rest > 0; syllable++)
        {
            word.Append(Syllables[rest % Syllables.Length]);
            rest /= Syllables.Length;
        }
        return word.ToString();
    }

    private static int Sample(Random random, double[] cdf)
    {
        var at = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(at < 0 ? ~at : at, cdf.Length - 1);
    }

    private static double[] ZipfCdf(int size, double exponent)
    {
        var cdf = new double[size];
        var total = 0.0;
        for (var rank = 0; rank < size; rank++)
        {
            total += 1.0 / Math.Pow(rank + 1, exponent);
            cdf[rank] = total;
        }
        for (var rank = 0; rank < size; rank++)
        {
            cdf[rank] /= total;
        }
        return cdf;
    }

    private static string[] BuildSyllables() =>
        "bdfgklmnprstvzh".SelectMany(consonant => "aeiou".Select(vowel => $"{consonant}{vowel}")).ToArray();
}
