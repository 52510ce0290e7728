using BudapestPost.Newsletter.LoadTest;
using BudapestPost.Testing;

// dotnet run -c Release --project bench/BudapestPost.Newsletter.LoadTest [-- <subscribers> <batch size> <concurrent invocations>]
var subscribers = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var batchSize = args.Length > 1 ? int.Parse(args[1]) : 100;
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 16;

var azurite = new AzuriteFixture();
var mail = new MailDevFixture();
await Task.WhenAll(azurite.InitializeAsync(), mail.InitializeAsync());
try
{
    Console.WriteLine($"Newsletter digest benchmark: {subscribers} subscribers, {concurrency} concurrent invocations, " +
        $"{Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
    foreach (var (label, size) in new[] { ($"batches of {batchSize} (one SMTP connection each)", batchSize), ("baseline: one subscriber per message", 1) })
    {
        await mail.ClearAsync();
        await using var run = await DigestRun.StartAsync(azurite, mail, size);
        await run.SeedAsync(subscribers);
        var result = await run.SendAsync(concurrency, expectedEmails: subscribers);
        Console.WriteLine($"{label}: {result}");
    }
}
finally
{
    await Task.WhenAll(azurite.DisposeAsync(), mail.DisposeAsync());
}
