using BudapestPost.DevHost.Hosting;

DevHostApplication.Build(args).Run();
