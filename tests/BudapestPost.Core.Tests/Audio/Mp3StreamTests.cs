using BudapestPost.Core.Audio;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Audio;

public sealed class Mp3StreamTests
{
    [Fact]
    public void Read_FramesBackToBack_GivesTheirCountAndDuration()
    {
        var info = Mp3Stream.Read(SilentMp3.Frames(100));

        Assert.NotNull(info);
        Assert.Equal(100, info.Frames);
        Assert.Equal(44100, info.SampleRate);
        Assert.Equal(100 * 1152 / 44100.0, info.Duration.TotalSeconds, precision: 6);
    }

    [Fact]
    public void Read_Id3TagsAround_AreSkipped()
    {
        var id3v2 = new byte[] { (byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5 };
        var id3v1 = new byte[128];
        "TAG"u8.CopyTo(id3v1);

        var info = Mp3Stream.Read([.. id3v2, .. SilentMp3.Frames(10), .. id3v1]);

        Assert.Equal(10, info?.Frames);
    }

    [Theory]
    [InlineData(0)]      // nothing
    [InlineData(1)]      // a truncated last frame
    [InlineData(2)]      // garbage after the frames
    [InlineData(3)]      // not audio at all
    public void Read_NotAWholeStream_IsNull(int variant)
    {
        var frames = SilentMp3.Frames(5);
        byte[] data = variant switch
        {
            0 => [],
            1 => frames[..^10],
            2 => [.. frames, 1, 2, 3],
            _ => "<html>not audio</html>"u8.ToArray(),
        };

        Assert.Null(Mp3Stream.Read(data));
    }

    [Fact]
    public void Read_InfoFrameFirst_CountsNoSamples()
    {
        var frames = SilentMp3.Frames(4);
        // An encoder's summary frame: "Info" right after the 4-byte header and 17 bytes of mono side information.
        "Info"u8.CopyTo(frames.AsSpan(4 + 17));

        Assert.Equal(3, Mp3Stream.Read(frames)?.Frames);
    }

    [Fact]
    public void Join_Parts_PlaysThemOneAfterTheOtherWithoutTheirTagsAndInfoFrames()
    {
        var first = SilentMp3.Frames(3);
        "Xing"u8.CopyTo(first.AsSpan(4 + 17));
        var second = (byte[])[(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0, .. SilentMp3.Frames(5)];

        var joined = Mp3Stream.Join([first, second]);

        Assert.Equal(7 * SilentMp3.FrameBytes, joined.Length);
        Assert.Equal(7, Mp3Stream.Read(joined)?.Frames);
    }

    [Fact]
    public void Join_PartThatIsNotMp3_Throws()
    {
        Assert.Throws<FormatException>(() => Mp3Stream.Join([SilentMp3.Frames(2), "oops"u8.ToArray()]));
    }
}
