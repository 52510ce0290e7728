using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using BudapestPost.Core.Audio;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Audio;

/// <summary>
/// Local narration: espeak-ng speaks the text as WAV, lame encodes it to MP3 (48 kbit/s mono), piped from one
/// process to the other in memory. Real audio without a cloud service, for local runs and tests; install with
/// <c>apt-get install espeak-ng lame</c> (./run.sh and ./test.sh do).
/// </summary>
public sealed class EspeakSpeechSynthesizer(IOptions<AudioOptions> options) : ISpeechSynthesizer
{
    private const string DefaultVoice = "en-gb";

    // Both programs are CPU-bound: more at once than cores would only make each slower.
    private static readonly SemaphoreSlim Slots = new(Environment.ProcessorCount, Environment.ProcessorCount);

    private readonly string _voice = options.Value.Voice ?? DefaultVoice;

    public string Voice => "espeak-ng:" + _voice;

    public async Task<byte[]> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        await Slots.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(text, cancellationToken);
        }
        finally
        {
            Slots.Release();
        }
    }

    private async Task<byte[]> RunAsync(string text, CancellationToken cancellationToken)
    {
        using var lame = Start("lame", ["--quiet", "-b", "48", "-m", "m", "-", "-"]);
        Process espeak;
        try
        {
            espeak = Start("espeak-ng", ["-v", _voice, "-b", "1", "--stdout"]);
        }
        catch (SpeechSynthesisException)
        {
            Kill(lame);
            throw;
        }
        using var _ = espeak;
        try
        {
            var speak = Task.Run(async () =>
            {
                await espeak.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
                espeak.StandardInput.Close();
            }, cancellationToken);
            var pipe = Task.Run(async () =>
            {
                await espeak.StandardOutput.BaseStream.CopyToAsync(lame.StandardInput.BaseStream, cancellationToken);
                lame.StandardInput.Close();
            }, cancellationToken);
            using var mp3 = new MemoryStream();
            var encode = lame.StandardOutput.BaseStream.CopyToAsync(mp3, cancellationToken);
            var errors = Task.WhenAll(espeak.StandardError.ReadToEndAsync(cancellationToken), lame.StandardError.ReadToEndAsync(cancellationToken));
            await Task.WhenAll(speak, pipe, encode);
            await Task.WhenAll(espeak.WaitForExitAsync(cancellationToken), lame.WaitForExitAsync(cancellationToken));
            var (espeakErrors, lameErrors) = ((await errors)[0], (await errors)[1]);
            if (espeak.ExitCode != 0 || lame.ExitCode != 0)
            {
                throw new SpeechSynthesisException(
                    $"espeak-ng exited with {espeak.ExitCode} ({espeakErrors.Trim()}), lame with {lame.ExitCode} ({lameErrors.Trim()}).");
            }
            var bytes = mp3.ToArray();
            return Mp3Stream.Read(bytes) is null
                ? throw new SpeechSynthesisException($"lame wrote {bytes.Length} bytes that are not an MP3 stream.")
                : bytes;
        }
        catch (OperationCanceledException)
        {
            Kill(espeak);
            Kill(lame);
            throw;
        }
        catch (IOException exception)
        {
            // A broken pipe: one of the two stopped early; its exit code and errors are the better reason.
            Kill(espeak);
            Kill(lame);
            throw new SpeechSynthesisException($"espeak-ng or lame stopped early: {exception.Message}", exception);
        }
    }

    private static Process Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            return Process.Start(start) ?? throw new SpeechSynthesisException($"{program} did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new SpeechSynthesisException(
                $"{program} is not installed: install espeak-ng and lame (Debian/Ubuntu: apt-get install espeak-ng lame), " +
                "or set Audio__Synthesizer to AzureSpeech.", exception);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
