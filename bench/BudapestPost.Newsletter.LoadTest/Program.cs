using System.Reflection;
using BudapestPost.Newsletter.LoadTest;
using BudapestPost.Testing;

// dotnet run -c Release --project bench/BudapestPost.Newsletter.LoadTest [-- <subscribers> <batch size> <concurrent invocations> <baseline subscribers>]
//   or -- signups [<addresses of each kind>] [other compiled app folder (a baseline)]...
if (args.FirstOrDefault() == "signups")
{
    var configuration = typeof(DigestRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
    string Output(string project) => Path.Combine(RepositoryRoot.Path, "src", project, "bin", configuration, "net10.0");
    await SignUpTiming.RunAsync(Path.Combine(Output("BudapestPost.DevHost"), "BudapestPost.DevHost.dll"),
        [Output("BudapestPost.Functions"), .. args.Skip(2)], args.Length > 1 ? int.Parse(args[1]) : 200);
    return;
}

var subscribers = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var batchSize = args.Length > 1 ? int.Parse(args[1]) : 100;
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 16;
// One message per subscriber takes about fifteen times longer; by default the baseline sends to fewer readers.
var baselineSubscribers = args.Length > 3 ? int.Parse(args[3]) : Math.Min(subscribers, 1_000);

var azurite = new AzuriteFixture();
var mail = new MailDevFixture();
await Task.WhenAll(azurite.InitializeAsync(), mail.InitializeAsync());
try
{
    Console.WriteLine($"Newsletter digest benchmark: {concurrency} concurrent invocations, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
    var runs = new[]
    {
        ($"batches of {batchSize} (one SMTP connection each)", batchSize, subscribers),
        ($"batches of {batchSize}", batchSize, baselineSubscribers),
        ("baseline: one subscriber per message", 1, baselineSubscribers),
    };
    foreach (var (label, size, readers) in runs.Distinct())
    {
        await mail.ClearAsync();
        await using var run = await DigestRun.StartAsync(azurite, mail, size);
        await run.SeedAsync(readers);
        var result = await run.SendAsync(concurrency, expectedEmails: readers);
        Console.WriteLine($"{label}: {result}");
    }
}
finally
{
    await Task.WhenAll(azurite.DisposeAsync(), mail.DisposeAsync());
}
