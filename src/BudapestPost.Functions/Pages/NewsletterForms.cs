using BudapestPost.Functions.Newsletter;
using BudapestPost.Site.Models;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>The newsletter box as the front page, the article pages and the sign-up page show it: the topics come from the settings.</summary>
public sealed class NewsletterForms(IOptions<NewsletterOptions> options)
{
    /// <summary>Where the box posts: the sign-up page, which runs the API's validation and limits.</summary>
    public const string Action = "/newsletter";

    private readonly IReadOnlyList<Choice> _topics = options.Value.TopicSet
        .Order(StringComparer.Ordinal)
        .Select(topic => new Choice(topic, PageFrames.Display(topic, capitalize: true)))
        .ToList();

    public NewsletterFormModel Empty => With(FormState.Empty);

    /// <summary>Changes when the box does, for the keys of cached pages that show it.</summary>
    public string Version => options.Value.Topics;

    public NewsletterFormModel With(FormState state) => new(Action, _topics, state);
}
