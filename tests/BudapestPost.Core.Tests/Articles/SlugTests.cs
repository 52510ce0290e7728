using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Tests.Articles;

public sealed class SlugTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("nato-chief")]
    [InlineData("eu-allocates-200-billion")]
    [InlineData("2025")]
    public void IsValid_WellFormedSlug_ReturnsTrue(string value)
    {
        Assert.True(Slug.IsValid(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-nato")]
    [InlineData("nato-")]
    [InlineData("nato--chief")]
    [InlineData("Nato")]
    [InlineData("nato_chief")]
    [InlineData("nato chief")]
    [InlineData("orbán")]
    [InlineData("world/nato")]
    [InlineData("nato\n")]
    public void IsValid_MalformedSlug_ReturnsFalse(string value)
    {
        Assert.False(Slug.IsValid(value));
    }

    [Fact]
    public void IsValid_LengthLimit_AllowsExactly120()
    {
        Assert.True(Slug.IsValid(new string('a', 120)));
        Assert.False(Slug.IsValid(new string('a', 121)));
    }

    [Fact]
    public void IsValid_Null_ReturnsFalse()
    {
        Assert.False(Slug.IsValid(null));
    }

    [Theory]
    [InlineData("Orbán Viktor Győr", "orban-viktor-gyor")]
    [InlineData("Árvíztűrő tükörfúrógép", "arvizturo-tukorfurogep")]
    [InlineData("'Not An Enemy' Any More: Why Russia Is Courting The Taliban", "not-an-enemy-any-more-why-russia-is-courting-the-taliban")]
    [InlineData("U.S. and Hungarian Officials Talk About Economic Collaboration", "us-and-hungarian-officials-talk-about-economic-collaboration")]
    [InlineData("Trump’s Defense Secretary: Ukraine Won’t Join NATO", "trumps-defense-secretary-ukraine-wont-join-nato")]
    [InlineData("EU Allocates €200 Billion for AI Investments", "eu-allocates-200-billion-for-ai-investments")]
    [InlineData("Abolishing opposition won't protect Germany from Nazism—this is precisely what led", "abolishing-opposition-wont-protect-germany-from-nazism-this-is-precisely-what-led")]
    [InlineData("Straße, Łódź, Ærø", "strasse-lodz-aero")]
    [InlineData("  --Hello,   World!--  ", "hello-world")]
    [InlineData("Mark Rutte Calls on NATO Allies. Again.", "mark-rutte-calls-on-nato-allies-again")]
    public void FromText_Headline_ReturnsReadableSlug(string text, string expected)
    {
        Assert.Equal(expected, Slug.FromText(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?!…")]
    [InlineData("Путин")]
    public void FromText_NoLatinLettersOrDigits_ReturnsEmpty(string text)
    {
        Assert.Equal(string.Empty, Slug.FromText(text));
    }

    [Fact]
    public void FromText_LongText_CutsOnAHyphenWithinTheLimit()
    {
        var text = string.Join(' ', Enumerable.Repeat("defence", 30));

        var slug = Slug.FromText(text);

        Assert.True(Slug.IsValid(slug));
        Assert.Equal(119, slug.Length);
        Assert.EndsWith("-defence", slug);
    }

    [Fact]
    public void FromText_WordEndingExactlyAtTheLimit_KeepsIt()
    {
        var text = string.Join(' ', Enumerable.Repeat("abc", 30));

        var slug = Slug.FromText(text);

        Assert.Equal(119, slug.Length);
        Assert.Equal(string.Join('-', Enumerable.Repeat("abc", 30))[..119], slug);
    }

    [Fact]
    public void FromText_SingleWordLongerThanTheLimit_IsCutAtTheLimit()
    {
        var slug = Slug.FromText(new string('x', 200));

        Assert.Equal(new string('x', 120), slug);
    }

    [Fact]
    public void FromText_AnyResult_IsValidOrEmpty()
    {
        string[] samples = ["Zelensky Calls on World Leaders", "Chinese Zoo Confesses to Dyeing Donkeys", "5% Defense Spending", "Dresden Marks the 80th Anniversary"];

        Assert.All(samples, sample => Assert.True(Slug.IsValid(Slug.FromText(sample))));
    }
}
