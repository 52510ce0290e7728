using System.Globalization;

namespace BudapestPost.Testing;

/// <summary>The DevHost's worker process as Linux sees it, for killing it and reading its memory.</summary>
public static class WorkerProcess
{
    /// <summary>The worker itself: on Linux the DevHost reports the watchdog shell that runs it, whose only child it is.</summary>
    public static int Of(int reportedProcessId)
    {
        var children = $"/proc/{reportedProcessId}/task/{reportedProcessId}/children";
        return File.Exists(children) && File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var child, ..]
            ? int.Parse(child, CultureInfo.InvariantCulture)
            : reportedProcessId;
    }

    /// <summary>Resident memory (VmRSS) in MiB, or null when the process is gone.</summary>
    public static double? ResidentMiB(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
