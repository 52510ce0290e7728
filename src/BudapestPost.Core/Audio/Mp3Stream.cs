namespace BudapestPost.Core.Audio;

/// <summary>
/// Reads MPEG audio Layer III streams by their frame headers alone (no decoding): whether bytes are a whole,
/// playable MP3 stream, how long it plays, and how to join several streams into one.
/// </summary>
/// <remarks>
/// A frame header (ISO/IEC 11172-3, 13818-3) gives the frame's length from its bitrate, sample rate and padding,
/// and its samples (1,152 for MPEG-1, 576 for MPEG-2 and 2.5); a valid stream is frames back to back from its
/// first to its last byte, after an optional ID3v2 tag and before an optional ID3v1 tag. An encoder's Xing,
/// Info or VBRI frame at the start carries no sound and counts no samples.
/// </remarks>
public static class Mp3Stream
{
    private static readonly int[] Mpeg1Bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg2Bitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    private static readonly int[] Mpeg1SampleRates = [44100, 48000, 32000];

    /// <summary>What the frames of <paramref name="data"/> say, or null when it is not a whole MPEG Layer III stream.</summary>
    public static Mp3Info? Read(ReadOnlySpan<byte> data)
    {
        var frames = Frames(data);
        if (frames is null || frames.Count == 0)
        {
            return null;
        }
        var audio = frames.Where(frame => !frame.IsInfo).ToList();
        var samples = audio.Sum(frame => (long)frame.Samples);
        var seconds = audio.Sum(frame => frame.Samples / (double)frame.SampleRate);
        return new Mp3Info(audio.Count, TimeSpan.FromSeconds(seconds), frames[0].SampleRate, samples);
    }

    /// <summary>
    /// One stream that plays <paramref name="parts"/> one after the other: their sound frames back to back,
    /// without the tags and info frames of each. Throws when a part is not an MP3 stream.
    /// </summary>
    public static byte[] Join(IReadOnlyList<byte[]> parts)
    {
        using var joined = new MemoryStream();
        for (var i = 0; i < parts.Count; i++)
        {
            var frames = Frames(parts[i]) ?? throw new FormatException($"Part {i + 1} of {parts.Count} is not an MP3 stream.");
            foreach (var frame in frames.Where(frame => !frame.IsInfo))
            {
                joined.Write(parts[i], frame.Offset, frame.Length);
            }
        }
        return joined.ToArray();
    }

    private static List<Frame>? Frames(ReadOnlySpan<byte> data)
    {
        var offset = Id3v2Length(data);
        var end = data.Length >= 128 && data[^128..^125].SequenceEqual("TAG"u8) ? data.Length - 128 : data.Length;
        var frames = new List<Frame>();
        while (offset < end)
        {
            if (ReadHeader(data[offset..end]) is not { } frame)
            {
                return null;
            }
            frames.Add(frame with { Offset = offset, IsInfo = frames.Count == 0 && IsInfoFrame(data.Slice(offset, frame.Length), frame) });
            offset += frame.Length;
        }
        return offset == end ? frames : null;
    }

    private static int Id3v2Length(ReadOnlySpan<byte> data)
    {
        if (data.Length < 10 || !data[..3].SequenceEqual("ID3"u8))
        {
            return 0;
        }
        // A synchsafe size: 7 bits per byte; a footer adds 10 bytes more.
        var size = (data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F);
        return 10 + size + ((data[5] & 0x10) != 0 ? 10 : 0);
    }

    private static Frame? ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || (data[1] & 0xE0) != 0xE0)
        {
            return null;
        }
        var version = (data[1] >> 3) & 0x3;     // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
        var layer = (data[1] >> 1) & 0x3;       // 1: Layer III
        var bitrateIndex = data[2] >> 4;
        var sampleRateIndex = (data[2] >> 2) & 0x3;
        if (version == 1 || layer != 1 || bitrateIndex is 0 or 15 || sampleRateIndex == 3)
        {
            return null;
        }
        var mpeg1 = version == 3;
        var sampleRate = Mpeg1SampleRates[sampleRateIndex] / (mpeg1 ? 1 : version == 2 ? 2 : 4);
        var bitrate = (mpeg1 ? Mpeg1Bitrates : Mpeg2Bitrates)[bitrateIndex] * 1000;
        var padding = (data[2] >> 1) & 0x1;
        var length = (mpeg1 ? 144 : 72) * bitrate / sampleRate + padding;
        var mono = (data[3] >> 6) == 3;
        var sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        var crc = (data[1] & 0x1) == 0 ? 2 : 0;
        return length <= data.Length ? new Frame(0, length, mpeg1 ? 1152 : 576, sampleRate, 4 + crc + sideInfo, false) : null;
    }

    private static bool IsInfoFrame(ReadOnlySpan<byte> frame, Frame header) =>
        Tag(frame, header.SideInfoEnd) is "Xing" or "Info" || Tag(frame, 36) == "VBRI";

    private static string? Tag(ReadOnlySpan<byte> frame, int at) =>
        frame.Length >= at + 4 ? System.Text.Encoding.ASCII.GetString(frame.Slice(at, 4)) : null;

    private sealed record Frame(int Offset, int Length, int Samples, int SampleRate, int SideInfoEnd, bool IsInfo);
}

/// <summary>An MP3 stream's sound frames, how long they play, and their sample rate.</summary>
public sealed record Mp3Info(int Frames, TimeSpan Duration, int SampleRate, long Samples);
