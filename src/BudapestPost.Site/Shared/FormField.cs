namespace BudapestPost.Site.Shared;

/// <summary>A field of a form: the name the server knows it by, its label, and the id of the input a summary links to.</summary>
public sealed record FormField(string Name, string Label, string InputId);
