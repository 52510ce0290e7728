using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using Xunit;

namespace BudapestPost.Testing;

/// <summary>One email as MailDev received it: envelope recipients and the parsed message.</summary>
public sealed record ReceivedMail(string Id, IReadOnlyList<string> To, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";
    public string Text => Message.TextBody ?? "";
    public string Html => Message.HtmlBody ?? "";
}

/// <summary>
/// Starts a private MailDev (a real SMTP server with a REST API to read what arrived, from node_modules)
/// on free loopback ports for the test run and stops it afterwards, as <see cref="AzuriteFixture"/> does
/// for storage. Mail is kept in a temporary directory removed at the end.
/// </summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "maildev-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int SmtpPort { get; private set; }
    public int WebPort { get; private set; }
    public HttpClient Api { get; } = new();

    public async Task InitializeAsync()
    {
        var executable = Path.Combine(RepositoryRoot.Path, "node_modules", "maildev", "dist", "bin", "maildev.js");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"MailDev is not installed ({executable} is missing). Run 'npm ci' in {RepositoryRoot.Path} first.");
        }
        (SmtpPort, WebPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        Directory.CreateDirectory(_directory);
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                executable, "--silent", "--mail-directory", _directory,
                "--smtp", SmtpPort.ToString(), "--ip", "127.0.0.1",
                "--web", WebPort.ToString(), "--web-ip", "127.0.0.1",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for MailDev.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Api.BaseAddress = new Uri($"http://127.0.0.1:{WebPort}/api/");

        await LoopbackPort.WaitUntilListeningAsync(_process, [SmtpPort, WebPort], TimeSpan.FromSeconds(30),
            () => $"MailDev: {string.Join(" ", _errors)} Check that 'npm ci' ran in the repository root.");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        Api.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is cleaned by the system.
        }
        return Task.CompletedTask;
    }

    /// <summary>Every email sent to <paramref name="address"/> so far, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MailToAsync(string address)
    {
        var summaries = await Api.GetFromJsonAsync<JsonElement>("email");
        var mails = new List<ReceivedMail>();
        foreach (var summary in summaries.EnumerateArray())
        {
            var to = summary.GetProperty("envelope").GetProperty("to").EnumerateArray()
                .Select(r => r.GetProperty("address").GetString()!).ToList();
            if (to.Contains(address, StringComparer.OrdinalIgnoreCase))
            {
                var id = summary.GetProperty("id").GetString()!;
                await using var source = await Api.GetStreamAsync($"email/{id}/source");
                mails.Add(new ReceivedMail(id, to, await MimeMessage.LoadAsync(source)));
            }
        }
        return mails;
    }

    /// <summary>How many emails arrived in total.</summary>
    public async Task<int> CountAsync() =>
        (await Api.GetFromJsonAsync<JsonElement>("email/summary?limit=1")).GetProperty("total").GetInt32();

    /// <summary>Waits until <paramref name="address"/> has at least <paramref name="count"/> emails, or time runs out.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForMailToAsync(string address, int count = 1)
    {
        var mails = await Eventually.Until(() => MailToAsync(address), m => m.Count >= count);
        Assert.True(mails.Count >= count, $"{address} got {mails.Count} emails, expected {count}.");
        return mails;
    }

    public async Task ClearAsync() => (await Api.DeleteAsync("email/all")).EnsureSuccessStatusCode();
}
