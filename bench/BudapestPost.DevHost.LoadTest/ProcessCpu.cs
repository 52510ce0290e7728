namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// CPU time used by named processes of a run, read from /proc: a process alone (this one, whose children are
/// the rest; the DevHost), its descendants (the DevHost's workers) or both (Azurite's node): where a request's
/// time goes, in a measure that a crowded machine stretches far less than wall-clock time.
/// </summary>
public sealed class ProcessCpu(IReadOnlyList<(string Name, int ProcessId, ProcessCpu.Scope Scope)> parts)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static bool Supported => File.Exists("/proc/self/stat");

    /// <summary>CPU time used so far by each part, by name.</summary>
    public Dictionary<string, TimeSpan> Snapshot()
    {
        var processes = ReadAll();
        return parts.ToDictionary(part => part.Name, part => TimeSpan.FromSeconds(
            (part.Scope switch
            {
                Scope.Alone => [part.ProcessId],
                Scope.Descendants => Tree(processes, part.ProcessId).Skip(1),
                _ => Tree(processes, part.ProcessId),
            })
                .Sum(id => processes.TryGetValue(id, out var p) ? p.Ticks : 0) / TicksPerSecond));
    }

    /// <summary>CPU milliseconds per request of each part between two snapshots.</summary>
    public static Dictionary<string, double> PerRequest(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, int requests) =>
        after.ToDictionary(part => part.Key, part => (part.Value - before[part.Key]).TotalMilliseconds / Math.Max(1, requests));

    public enum Scope { Alone, Descendants, WithDescendants }

    private static IEnumerable<int> Tree(Dictionary<int, (int Parent, long Ticks)> processes, int root)
    {
        var found = new List<int> { root };
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(processes.Where(p => p.Value.Parent == found[i]).Select(p => p.Key));
        }
        return found;
    }

    // pid → (parent, utime + stime) of every process; fields after the parenthesized name, as proc(5) numbers them.
    private static Dictionary<int, (int Parent, long Ticks)> ReadAll()
    {
        var processes = new Dictionary<int, (int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                processes[id] = (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]));
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        return processes;
    }
}
