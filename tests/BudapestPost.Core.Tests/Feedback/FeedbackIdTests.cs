using BudapestPost.Core.Feedback;

namespace BudapestPost.Core.Tests.Feedback;

public sealed class FeedbackIdTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_LaterTime_SortsBeforeEarlierTime()
    {
        var earlier = FeedbackId.Create(Noon);
        var later = FeedbackId.Create(Noon.AddTicks(1));

        Assert.True(string.CompareOrdinal(later, earlier) < 0);
    }

    [Fact]
    public void Create_SameTick_GivesDistinctIds()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => FeedbackId.Create(Noon)).ToHashSet();

        Assert.Equal(1000, ids.Count);
    }

    [Fact]
    public void Create_AnyTime_IsValid()
    {
        Assert.True(FeedbackId.IsValid(FeedbackId.Create(Noon)));
        Assert.True(FeedbackId.IsValid(FeedbackId.Create(DateTimeOffset.UnixEpoch)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2516887741052463807-k3v9q0c2m7x")]
    [InlineData("2516887741052463807-k3v9q0c2m7xA")]
    [InlineData("2516887741052463807_k3v9q0c2m7xa")]
    [InlineData("251688774105246380x-k3v9q0c2m7xa")]
    [InlineData("../../../etc/passwd-k3v9q0c2m7xa")]
    public void IsValid_MalformedId_ReturnsFalse(string? id)
    {
        Assert.False(FeedbackId.IsValid(id));
    }
}
