namespace BudapestPost.Testing;

/// <summary>
/// MP3 streams of silence built frame by frame: MPEG-1 Layer III, 64 kbit/s, 44.1 kHz, mono, no CRC. Every
/// frame is 208 bytes and plays 1,152 samples (26.1 ms); its side information is all zeros, which decoders
/// play as silence.
/// </summary>
public static class SilentMp3
{
    public const int FrameBytes = 208;
    public const int SamplesPerFrame = 1152;
    public const int SampleRate = 44100;

    public static byte[] Frames(int count)
    {
        var data = new byte[count * FrameBytes];
        for (var i = 0; i < count; i++)
        {
            data[i * FrameBytes] = 0xFF;
            data[i * FrameBytes + 1] = 0xFB;   // sync, MPEG-1, Layer III, no CRC
            data[i * FrameBytes + 2] = 0x50;   // 64 kbit/s, 44.1 kHz, no padding
            data[i * FrameBytes + 3] = 0xC0;   // mono
        }
        return data;
    }

    /// <summary>About <paramref name="seconds"/> of silence, in whole frames.</summary>
    public static byte[] Lasting(double seconds) => Frames(Math.Max(1, (int)Math.Round(seconds * SampleRate / SamplesPerFrame)));
}
