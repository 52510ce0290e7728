using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

public static class NewsletterServices
{
    public static IServiceCollection AddNewsletter(this IServiceCollection services)
    {
        services.AddOptions<NewsletterOptions>().BindConfiguration(NewsletterOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<NewsletterStorageInitializer>();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<NewsletterLinks>();
        services.AddSingleton<NewsletterState>();
        services.AddSingleton<SubscriberStore>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<NewsletterSubscriptions>();
        services.AddSingleton<DigestArticles>();
        services.AddSingleton<DigestPlanner>();
        services.AddSingleton<DigestSender>();
        return services;
    }

    /// <summary>Creates the newsletter's table and container when missing (in Azure the infrastructure does).</summary>
    private sealed class NewsletterStorageInitializer(
        TableServiceClient tables, BlobServiceClient blobs, IOptions<NewsletterOptions> options, ILogger<NewsletterStorageInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.WhenAll(
                    tables.CreateTableIfNotExistsAsync(options.Value.Table, cancellationToken),
                    blobs.GetBlobContainerClient(options.Value.Container).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException)
            {
                logger.LogWarning(exception, "Could not ensure the newsletter table and container exist");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
