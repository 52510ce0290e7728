using BudapestPost.Core.Feedback;

namespace BudapestPost.Core.Tests.Feedback;

public sealed class FeedbackStatusTransitionsTests
{
    [Theory]
    [InlineData(FeedbackStatus.New, FeedbackStatus.Triaged)]
    [InlineData(FeedbackStatus.New, FeedbackStatus.Resolved)]
    [InlineData(FeedbackStatus.New, FeedbackStatus.Rejected)]
    [InlineData(FeedbackStatus.Triaged, FeedbackStatus.Resolved)]
    [InlineData(FeedbackStatus.Triaged, FeedbackStatus.Rejected)]
    [InlineData(FeedbackStatus.Resolved, FeedbackStatus.Triaged)]
    [InlineData(FeedbackStatus.Rejected, FeedbackStatus.Triaged)]
    [InlineData(FeedbackStatus.Triaged, FeedbackStatus.Triaged)]
    [InlineData(FeedbackStatus.Resolved, FeedbackStatus.Resolved)]
    public void IsAllowed_DocumentedMove_ReturnsTrue(FeedbackStatus from, FeedbackStatus to)
    {
        Assert.True(FeedbackStatusTransitions.IsAllowed(from, to));
    }

    [Theory]
    [InlineData(FeedbackStatus.Triaged, FeedbackStatus.New)]
    [InlineData(FeedbackStatus.Resolved, FeedbackStatus.New)]
    [InlineData(FeedbackStatus.Rejected, FeedbackStatus.New)]
    [InlineData(FeedbackStatus.Resolved, FeedbackStatus.Rejected)]
    [InlineData(FeedbackStatus.Rejected, FeedbackStatus.Resolved)]
    public void IsAllowed_UndocumentedMove_ReturnsFalse(FeedbackStatus from, FeedbackStatus to)
    {
        Assert.False(FeedbackStatusTransitions.IsAllowed(from, to));
    }
}
