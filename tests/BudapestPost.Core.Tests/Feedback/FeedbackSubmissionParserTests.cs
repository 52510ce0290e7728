using BudapestPost.Core.Validation;
using System.Text;
using BudapestPost.Core.Feedback;

namespace BudapestPost.Core.Tests.Feedback;

public sealed class FeedbackSubmissionParserTests
{
    private const string ValidMessage = "The mayor took office in 2019, not 2018.";

    private static ParseResult<FeedbackSubmission> Parse(string json) =>
        FeedbackSubmissionParser.Parse(Encoding.UTF8.GetBytes(json));

    private static string[] ErrorsFor(ParseResult<FeedbackSubmission> result, string field) =>
        result.Errors.Where(e => e.Field == field).Select(e => e.Reason).ToArray();

    [Fact]
    public void Parse_AllFields_ReturnsSubmission()
    {
        var result = Parse($$"""{"kind":"broken-link","message":"{{ValidMessage}}","quote":"in 2018","email":"reader@example.hu","name":"Kiss Anna"}""");

        Assert.True(result.IsValid);
        Assert.Equal(new FeedbackSubmission(FeedbackKind.BrokenLink, ValidMessage, "in 2018", "reader@example.hu", "Kiss Anna"), result.Value);
    }

    [Fact]
    public void Parse_OptionalFieldsNullOrBlank_TreatsThemAsAbsent()
    {
        var result = Parse($$"""{"kind":"typo","message":"{{ValidMessage}}","quote":null,"email":"  ","name":""}""");

        Assert.Equal(new FeedbackSubmission(FeedbackKind.Typo, ValidMessage, null, null, null), result.Value);
    }

    [Theory]
    [InlineData("\"Typo\"")]
    [InlineData("\"complaint\"")]
    [InlineData("3")]
    [InlineData("null")]
    public void Parse_InvalidKind_ReportsKind(string kind)
    {
        var result = Parse($$"""{"kind":{{kind}},"message":"{{ValidMessage}}"}""");

        Assert.False(result.IsValid);
        Assert.NotEmpty(ErrorsFor(result, "kind"));
    }

    [Fact]
    public void Parse_MissingKindAndMessage_ReportsBoth()
    {
        var result = Parse("{}");

        Assert.Equal(["kind", "message"], result.Errors.Select(e => e.Field).Order().ToArray());
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(4000, true)]
    [InlineData(4001, false)]
    public void Parse_MessageLength_EnforcesBounds(int length, bool valid)
    {
        var result = Parse($$"""{"kind":"other","message":"{{new string('a', length)}}"}""");

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? 0 : 1, ErrorsFor(result, "message").Length);
    }

    [Fact]
    public void Parse_MessageOfControlCharactersAndSpaces_IsTooShortAfterNormalization()
    {
        var result = Parse("""{"kind":"other","message":"  \u0001\u0002 abc \u0007\u0000 def  "}""");

        Assert.Single(ErrorsFor(result, "message"));
    }

    [Fact]
    public void Parse_MessageLength_CountsCodePointsNotUtf16Units()
    {
        // Ten emoji are twenty UTF-16 units but ten characters for a reader.
        var result = Parse($$"""{"kind":"other","message":"{{string.Concat(Enumerable.Repeat("😀", 10))}}"}""");

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Parse_MessageWithControlCharacters_StripsThemAndKeepsLineBreaks()
    {
        var result = Parse("""{"kind":"other","message":"first line\r\nsecond\u0007 line\tend\u001b"}""");

        Assert.Equal("first line\nsecond line\tend", result.Value!.Message);
    }

    [Fact]
    public void Parse_DecomposedAccents_NormalizesToNfc()
    {
        var decomposed = "Pe\u0301ter wrote a\u0301rvi\u0301ztu\u030Bro\u030B";
        var result = Parse($$"""{"kind":"typo","message":"{{decomposed}}","name":"Pe\u0301ter"}""");

        Assert.Equal("Péter wrote árvíztűrő", result.Value!.Message);
        Assert.Equal("Péter", result.Value.Name);
    }

    [Fact]
    public void Parse_NameWithLineBreak_BecomesSingleLine()
    {
        var result = Parse($$"""{"kind":"typo","message":"{{ValidMessage}}","name":"Kiss\nAnna\u0000"}""");

        Assert.Equal("Kiss Anna", result.Value!.Name);
    }

    [Theory]
    [InlineData("quote", 1000, true)]
    [InlineData("quote", 1001, false)]
    [InlineData("name", 100, true)]
    [InlineData("name", 101, false)]
    public void Parse_OptionalTextLength_EnforcesMaximum(string field, int length, bool valid)
    {
        var result = Parse($$"""{"kind":"other","message":"{{ValidMessage}}","{{field}}":"{{new string('q', length)}}"}""");

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? 0 : 1, ErrorsFor(result, field).Length);
    }

    [Theory]
    [InlineData("reader@example.hu", true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("no-at-sign.example.hu", false)]
    [InlineData("reader@localhost", false)]
    [InlineData("two@@example.hu", false)]
    [InlineData("Anna <anna@example.hu>", false)]
    [InlineData("with space@example.hu", false)]
    [InlineData("reader@example.hu.", false)]
    public void Parse_Email_AcceptsOnlyPlainValidAddresses(string email, bool valid)
    {
        var result = Parse($$"""{"kind":"other","message":"{{ValidMessage}}","email":"{{email}}"}""");

        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void Parse_EmailLongerThan254_ReportsEmail()
    {
        var email = new string('a', 64) + "@" + new string('b', 187) + ".hu";

        Assert.Equal(255, email.Length);
        Assert.Single(ErrorsFor(Parse($$"""{"kind":"other","message":"{{ValidMessage}}","email":"{{email}}"}"""), "email"));
    }

    [Theory]
    [InlineData("message", "42")]
    [InlineData("quote", "true")]
    [InlineData("email", "[]")]
    [InlineData("name", "{}")]
    public void Parse_NonStringValue_ReportsField(string field, string value)
    {
        var message = field == "message" ? value : $"\"{ValidMessage}\"";
        var extra = field == "message" ? "" : $",\"{field}\":{value}";
        var result = Parse($$"""{"kind":"other","message":{{message}}{{extra}}}""");

        Assert.Equal(["Must be a string."], ErrorsFor(result, field));
    }

    [Fact]
    public void Parse_UnknownFields_ReportsEachByName()
    {
        var result = Parse($$"""{"kind":"other","message":"{{ValidMessage}}","status":"resolved","Email":"x@example.hu"}""");

        Assert.Equal(["Email", "status"], result.Errors.Select(e => e.Field).Order().ToArray());
    }

    [Fact]
    public void Parse_RepeatedField_ReportsIt()
    {
        var result = Parse($$"""{"kind":"other","message":"{{ValidMessage}}","kind":"typo"}""");

        Assert.Single(ErrorsFor(result, "kind"));
    }

    [Theory]
    [InlineData("{\"kind\":\"other\",")]
    [InlineData("not json")]
    [InlineData("")]
    public void Parse_MalformedJson_ReportsBody(string json)
    {
        var result = Parse(json);

        Assert.Single(ErrorsFor(result, "body"));
        Assert.StartsWith("Is not valid JSON", ErrorsFor(result, "body")[0]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void Parse_NonObjectBody_ReportsBody(string json)
    {
        Assert.Equal(["Must be a JSON object."], ErrorsFor(Parse(json), "body"));
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsBody()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"kind":"other","message":"{{ValidMessage}} X"}""");
        bytes[^3] = 0xC3; // a lead byte followed by an ASCII character is not UTF-8

        var result = FeedbackSubmissionParser.Parse(bytes);

        Assert.Equal(["Is not valid UTF-8."], ErrorsFor(result, "body"));
    }

    [Fact]
    public void Parse_UnpairedSurrogateEscape_ReportsField()
    {
        var result = Parse("""{"kind":"other","message":"broken \ud800 text here"}""");

        Assert.Equal(["Contains invalid Unicode (an unpaired surrogate)."], ErrorsFor(result, "message"));
    }
}
