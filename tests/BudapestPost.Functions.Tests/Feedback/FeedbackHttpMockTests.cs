using Azure;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace BudapestPost.Functions.Tests.Feedback;

/// <summary>How the function maps intake outcomes to HTTP, with the intake mocked.</summary>
public sealed class FeedbackHttpMockTests
{
    private const string Slug = "some-article";
    private readonly Mock<FeedbackIntake> _intake = new(MockBehavior.Strict, null!, null!, null!, null!, null!, null!);

    private async Task<HttpResult> PostAsync(CancellationToken cancellationToken = default)
    {
        var exchange = FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody);
        var http = new FeedbackHttp(_intake.Object, Options.Create(new FeedbackOptions { StorageRetryAfter = TimeSpan.FromSeconds(12) }),
            NullLogger<FeedbackHttp>.Instance);
        return await exchange.ExecuteAsync(await http.PostFeedback(exchange.Request, Slug, cancellationToken));
    }

    private void Returns(FeedbackIntakeResult result) =>
        _intake.Setup(i => i.SubmitAsync(It.IsAny<FeedbackIntakeRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(result);

    private void Throws(Exception exception) =>
        _intake.Setup(i => i.SubmitAsync(It.IsAny<FeedbackIntakeRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(exception);

    [Fact]
    public async Task PostFeedback_Valid_PassesNormalizedSubmissionAndClient()
    {
        FeedbackIntakeRequest? seen = null;
        _intake.Setup(i => i.SubmitAsync(It.IsAny<FeedbackIntakeRequest>(), It.IsAny<CancellationToken>()))
            .Callback<FeedbackIntakeRequest, CancellationToken>((r, _) => seen = r)
            .ReturnsAsync(new FeedbackIntakeResult(FeedbackIntakeOutcome.ArticleNotFound));

        await PostAsync();

        Assert.Equal(Slug, seen!.Slug);
        Assert.Equal(FeedbackKind.Inaccuracy, seen.Submission.Kind);
        Assert.Equal("203.0.113.7", seen.ClientAddress);
        Assert.Null(seen.IdempotencyKey);
    }

    [Fact]
    public async Task PostFeedback_RateLimited_Returns429WithRetryAfterRoundedUp()
    {
        Returns(new FeedbackIntakeResult(FeedbackIntakeOutcome.RateLimited, RetryAfter: TimeSpan.FromSeconds(41.2)));

        var response = await PostAsync();

        Assert.Equal(429, response.Status);
        Assert.Equal("42", response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task PostFeedback_IdempotencyConflict_Returns422()
    {
        Returns(new FeedbackIntakeResult(FeedbackIntakeOutcome.IdempotencyConflict));

        Assert.Equal(422, (await PostAsync()).Status);
    }

    [Fact]
    public async Task PostFeedback_Replayed_Returns201WithReceipt()
    {
        var receipt = new FeedbackReceipt("2516887741052463807-k3v9q0c2m7xa", Slug, "typo", "new", DateTimeOffset.UnixEpoch);
        Returns(new FeedbackIntakeResult(FeedbackIntakeOutcome.Replayed, receipt));

        var response = await PostAsync();

        Assert.Equal(201, response.Status);
        Assert.Equal($"/api/feedback/{Slug}/{receipt.Id}", response.Headers.Location.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task PostFeedback_StorageFails_Returns503WithConfiguredRetryAfter(int status)
    {
        Throws(new RequestFailedException(status, "storage trouble"));

        var response = await PostAsync();

        Assert.Equal(503, response.Status);
        Assert.Equal("12", response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task PostFeedback_SdkTimeout_Returns503()
    {
        Throws(new TaskCanceledException("timed out"));

        Assert.Equal(503, (await PostAsync()).Status);
    }

    [Fact]
    public async Task PostFeedback_CallerCancelled_Propagates()
    {
        using var caller = new CancellationTokenSource();
        _intake.Setup(i => i.SubmitAsync(It.IsAny<FeedbackIntakeRequest>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await caller.CancelAsync();
                throw new OperationCanceledException(caller.Token);
            });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PostAsync(caller.Token));
    }

    [Fact]
    public async Task PostFeedback_StorageRejectsRequest_PropagatesAsBug()
    {
        Throws(new RequestFailedException(400, "bad request"));

        await Assert.ThrowsAsync<RequestFailedException>(() => PostAsync());
    }
}
