using BudapestPost.Core.Validation;
using System.Text;
using BudapestPost.Core.Feedback;

namespace BudapestPost.Core.Tests.Feedback;

public sealed class FeedbackUpdateParserTests
{
    private static ParseResult<FeedbackUpdate> Parse(string json) =>
        FeedbackUpdateParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_StatusAndNote_ReturnsBoth()
    {
        var result = Parse("""{"status":"triaged","note":" Checking\u0000 with the desk. "}""");

        Assert.Equal(new FeedbackUpdate(FeedbackStatus.Triaged, true, "Checking with the desk."), result.Value);
    }

    [Fact]
    public void Parse_OnlyStatus_LeavesNoteUntouched()
    {
        Assert.Equal(new FeedbackUpdate(FeedbackStatus.Resolved, false, null), Parse("""{"status":"resolved"}""").Value);
    }

    [Fact]
    public void Parse_NullNote_ClearsNote()
    {
        Assert.Equal(new FeedbackUpdate(null, true, null), Parse("""{"note":null}""").Value);
    }

    [Theory]
    [InlineData("\"closed\"")]
    [InlineData("\"Resolved\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void Parse_InvalidStatus_ReportsStatus(string status)
    {
        var result = Parse($$"""{"status":{{status}}}""");

        Assert.Equal(["status"], result.Errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void Parse_EmptyObject_AsksForAChange()
    {
        Assert.Equal(["body"], Parse("{}").Errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void Parse_NoteTooLong_ReportsNote()
    {
        var result = Parse($$"""{"note":"{{new string('n', 2001)}}"}""");

        Assert.Equal(["note"], result.Errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void Parse_UnknownField_ReportsIt()
    {
        var result = Parse("""{"status":"triaged","email":"x@example.hu"}""");

        Assert.Equal(["email"], result.Errors.Select(e => e.Field).ToArray());
    }
}
