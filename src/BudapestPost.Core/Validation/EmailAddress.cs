using System.Net.Mail;

namespace BudapestPost.Core.Validation;

/// <summary>What the API accepts as an email address, and the one spelling of a subscriber's address that is stored and compared.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>
    /// A bare address (no display name, no spaces) whose domain has a dot; MailAddress does the RFC parsing.
    /// </summary>
    public static bool IsValid(string email) =>
        email.Length <= MaxLength
        && !email.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && address.User.Length is > 0 and <= 64
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.')
        && !address.Host.EndsWith('.');

    /// <summary>
    /// Lowercased whole: mailbox providers treat the local part case-insensitively in practice, and one
    /// person typing "Anna@" and "anna@" must not become two subscribers (or two confirmation floods).
    /// </summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
