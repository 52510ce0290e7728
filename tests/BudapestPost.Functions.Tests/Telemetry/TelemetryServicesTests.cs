using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Telemetry;

namespace BudapestPost.Functions.Tests.Telemetry;

public sealed class TelemetryServicesTests
{
    [Theory]
    [InlineData("ClientId=1b2c3d4e-0000-4000-8000-000000000001;Authorization=AAD", "1b2c3d4e-0000-4000-8000-000000000001")]
    [InlineData("Authorization=AAD; clientid=abc", "abc")]
    [InlineData("Authorization=AAD", null)]
    [InlineData(null, null)]
    public void ManagedIdentityClientId_IsReadFromTheAuthenticationString(string? authentication, string? expected)
    {
        Assert.Equal(expected, TelemetryServices.ManagedIdentityClientId(authentication));
    }

    [Theory]
    [InlineData(201, "accepted")]
    [InlineData(429, "rate_limited")]
    [InlineData(400, "refused")]
    [InlineData(413, "refused")]
    [InlineData(503, "failed")]
    [InlineData(500, "failed")]
    public void FeedbackOutcome_FollowsTheStatus(int status, string outcome)
    {
        Assert.Equal(outcome, HttpOutcomeMiddleware.FeedbackOutcome(status));
    }

    [Fact]
    public void FeedbackFunction_IsTheReaderReportFunction()
    {
        Assert.Equal(nameof(FeedbackHttp.PostFeedback), HttpOutcomeMiddleware.FeedbackFunction);
    }
}
