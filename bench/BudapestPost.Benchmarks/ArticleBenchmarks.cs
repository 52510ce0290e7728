using BudapestPost.Core.Validation;
using BenchmarkDotNet.Attributes;
using BudapestPost.Core.Articles;

namespace BudapestPost.Benchmarks;

/// <summary>What publishing one article costs in the domain: parse and validate the file, then render it.</summary>
[MemoryDiagnoser]
public class ArticleBenchmarks
{
    private const string FileName = "not-an-enemy-any-more-why-russia-is-courting-the-taliban.md";

    private byte[] seedFile = [];

    [GlobalSetup]
    public void LoadSeedArticle()
    {
        seedFile = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "seed-article.md"));
        if (!ArticleParser.Parse(FileName, seedFile).IsValid)
        {
            throw new InvalidOperationException("The seed article sample does not parse.");
        }
    }

    [Benchmark]
    public ParseResult<Article> Parse() => ArticleParser.Parse(FileName, seedFile);

    [Benchmark]
    public RenderedArticle ParseAndRender()
    {
        var article = ArticleParser.Parse(FileName, seedFile).Value!;
        return ArticleRenderer.Render(article.Body);
    }
}
