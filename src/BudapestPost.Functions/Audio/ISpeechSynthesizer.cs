namespace BudapestPost.Functions.Audio;

/// <summary>Reads text aloud into MP3. Chosen by <see cref="AudioOptions.Synthesizer"/>.</summary>
public interface ISpeechSynthesizer
{
    /// <summary>The voice every narration of this synthesizer is read in; part of a narration's key.</summary>
    string Voice { get; }

    /// <summary>
    /// The MP3 of <paramref name="text"/> (paragraphs separated by blank lines). Throws
    /// <see cref="SpeechSynthesisException"/> when the synthesizer cannot make it now, with the reason.
    /// </summary>
    Task<byte[]> SynthesizeAsync(string text, CancellationToken cancellationToken);
}

/// <summary>A narration that could not be made now; the message says why, and is recorded with the article's narration.</summary>
public sealed class SpeechSynthesisException(string message, Exception? innerException = null) : Exception(message, innerException);
