using System.Text;
using BudapestPost.Core.Feedback;
using BudapestPost.Core.Newsletter;
using BudapestPost.Core.Validation;

namespace BudapestPost.Core.Tests.Newsletter;

public sealed class SubscriptionRequestParserTests
{
    private static readonly HashSet<string> Topics = ["europe", "tech", "world"];

    private static ParseResult<SubscriptionRequest> Parse(string json) =>
        SubscriptionRequestParser.Parse(Encoding.UTF8.GetBytes(json), Topics);

    private static string[] FieldsWithErrors(ParseResult<SubscriptionRequest> result) =>
        result.Errors.Select(e => e.Field).Distinct().Order().ToArray();

    [Fact]
    public void Parse_AllFields_NormalizesAddressAndSortsTopics()
    {
        var result = Parse("""{"email":" Kiss.Anna@Example.HU ","topics":["tech","europe","tech"],"name":" Kiss Anna "}""");

        Assert.True(result.IsValid);
        Assert.Equal("kiss.anna@example.hu", result.Value!.Email);
        Assert.Equal(["europe", "tech"], result.Value.Topics);
    }

    [Fact]
    public void Parse_OnlyEmail_MeansTheWholeNewsletter()
    {
        var result = Parse("""{"email":"reader@example.hu","topics":null}""");

        Assert.Empty(result.Value!.Topics);
    }

    [Theory]
    [InlineData("""{"email":"reader"}""", "email")]
    [InlineData("""{"email":"reader@localhost"}""", "email")]
    [InlineData("""{"email":"Anna <reader@example.hu>"}""", "email")]
    [InlineData("""{}""", "email")]
    [InlineData("""{"email":true}""", "email")]
    [InlineData("""{"email":"reader@example.hu","topics":["gardening"]}""", "topics")]
    [InlineData("""{"email":"reader@example.hu","topics":["Europe"]}""", "topics")]
    [InlineData("""{"email":"reader@example.hu","topics":[1]}""", "topics")]
    [InlineData("""{"email":"reader@example.hu","topics":{"a":1}}""", "topics")]
    [InlineData("""{"email":"reader@example.hu","name":5}""", "name")]
    [InlineData("""{"email":"reader@example.hu","email":"other@example.hu"}""", "email")]
    [InlineData("""{"email":"reader@example.hu","extra":1}""", "extra")]
    [InlineData("""not json""", "body")]
    public void Parse_Invalid_ReportsTheField(string json, string field)
    {
        var result = Parse(json);

        Assert.False(result.IsValid);
        Assert.Equal([field], FieldsWithErrors(result));
    }

    [Fact]
    public void Parse_UnknownTopic_NamesItAndTheKnownOnes()
    {
        var reason = Parse("""{"email":"reader@example.hu","topics":["europe","gardening"]}""").Errors.Single().Reason;

        Assert.Contains("gardening", reason);
        Assert.Contains("europe, tech, world", reason);
    }

    [Fact]
    public void Parse_TooManyTopicsOrTooLongName_IsRefused()
    {
        var topics = string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"t{i}\""));
        var many = SubscriptionRequestParser.Parse(Encoding.UTF8.GetBytes($$"""{"email":"a@example.hu","topics":[{{topics}}]}"""),
            Enumerable.Range(0, 21).Select(i => $"t{i}").ToHashSet());
        var longName = Parse($$"""{"email":"a@example.hu","name":"{{new string('n', 101)}}"}""");

        Assert.Equal(["topics"], many.Errors.Select(e => e.Field).Distinct());
        Assert.Equal(["name"], longName.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("""{"email":"Reader@Example.hu"}""", true)]
    [InlineData("""{"email":"reader"}""", false)]
    [InlineData("""{"email":"reader@example.hu","topics":[]}""", false)]
    public void ParseErasure_TakesOnlyAnAddress(string json, bool valid)
    {
        var result = SubscriptionRequestParser.ParseErasure(Encoding.UTF8.GetBytes(json));

        Assert.Equal(valid, result.IsValid);
        if (valid)
        {
            Assert.Equal("reader@example.hu", result.Value);
        }
    }
}
