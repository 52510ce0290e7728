using BudapestPost.Core.Audio;
using BudapestPost.Functions.Audio;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Audio;

/// <summary>The local synthesizer with the real espeak-ng and lame (./test.sh installs them).</summary>
public sealed class EspeakSpeechSynthesizerTests
{
    [Fact]
    public async Task SynthesizeAsync_Text_IsRealMp3OfSpeechLength()
    {
        var synthesizer = new EspeakSpeechSynthesizer(Options.Create(new AudioOptions()));
        var words = string.Join(' ', Enumerable.Repeat("The minister met the press in Budapest on Monday.", 5));

        var mp3 = await synthesizer.SynthesizeAsync(words, CancellationToken.None);

        var info = Mp3Stream.Read(mp3);
        Assert.NotNull(info);
        // 45 words at espeak-ng's 175 words a minute: about 15 s.
        Assert.InRange(info.Duration.TotalSeconds, 9, 25);
        Assert.Equal("espeak-ng:en-gb", synthesizer.Voice);
    }

    [Fact]
    public async Task SynthesizeAsync_LongerText_LastsLonger()
    {
        var synthesizer = new EspeakSpeechSynthesizer(Options.Create(new AudioOptions()));

        var shortAudio = Mp3Stream.Read(await synthesizer.SynthesizeAsync("Short.", CancellationToken.None))!;
        var longAudio = Mp3Stream.Read(await synthesizer.SynthesizeAsync(string.Join(' ', Enumerable.Repeat("Much longer text.", 20)), CancellationToken.None))!;

        Assert.True(longAudio.Duration > shortAudio.Duration * 5, $"{longAudio.Duration} vs {shortAudio.Duration}");
    }

    [Fact]
    public async Task SynthesizeAsync_UnknownVoice_FailsWithTheReason()
    {
        var synthesizer = new EspeakSpeechSynthesizer(Options.Create(new AudioOptions { Voice = "xx-nonexistent" }));

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(() => synthesizer.SynthesizeAsync("Hello.", CancellationToken.None));

        Assert.Contains("espeak-ng", exception.Message);
    }
}
