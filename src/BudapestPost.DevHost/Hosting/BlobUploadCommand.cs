using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace BudapestPost.DevHost.Hosting;

/// <summary>
/// <c>BudapestPost.DevHost upload &lt;folder&gt; &lt;container&gt;</c>: uploads a folder's files to a container of the
/// app's AzureWebJobsStorage (from the same settings the DevHost uses), so local runs can seed data that
/// blob triggers then pick up.
/// </summary>
public static class BlobUploadCommand
{
    public const string Name = "upload";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("Usage: BudapestPost.DevHost upload <folder> <container> [--DevHost:AppDirectory=<app output>]");
            return 2;
        }
        var (folder, containerName) = (args[1], args[2]);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[3..])
            .Build();
        var options = configuration.GetSection(DevHostOptions.SectionName).Get<DevHostOptions>() ?? new DevHostOptions();
        var app = FunctionAppFolder.Load(options, Environment.GetEnvironmentVariables());
        var connectionString = app.GetSetting("AzureWebJobsStorage")
            ?? throw new InvalidOperationException("AzureWebJobsStorage is not set.");

        var container = new BlobContainerClient(connectionString, containerName);
        await container.CreateIfNotExistsAsync();
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList() : [];
        foreach (var file in files)
        {
            await using var content = File.OpenRead(file);
            await container.GetBlobClient(Path.GetFileName(file)).UploadAsync(content, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "text/markdown; charset=utf-8" : "application/octet-stream" },
            });
        }
        Console.WriteLine($"Uploaded {files.Count} files from {folder} to container '{containerName}'.");
        return 0;
    }
}
