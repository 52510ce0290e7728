using BudapestPost.DevHost.Hosting;

if (args.Length > 0 && args[0] == BlobUploadCommand.Name)
{
    return await BlobUploadCommand.RunAsync(args);
}

await DevHostApplication.Build(args).RunAsync();
return 0;
