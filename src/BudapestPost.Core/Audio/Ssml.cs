using System.Xml.Linq;

namespace BudapestPost.Core.Audio;

/// <summary>
/// The Speech Synthesis Markup Language document that asks a speech service to read text in a voice: one
/// <c>p</c> element per paragraph (blank-line separated), so the voice pauses between them, and the text
/// escaped as XML, so no character of an article can change the markup.
/// </summary>
public static class Ssml
{
    private static readonly XNamespace Synthesis = "http://www.w3.org/2001/10/synthesis";

    /// <param name="text">Plain text, paragraphs separated by blank lines.</param>
    /// <param name="voice">A voice name such as <c>en-GB-SoniaNeural</c>; its first two parts are the language.</param>
    public static string Build(string text, string voice)
    {
        var speak = new XElement(Synthesis + "speak",
            new XAttribute("version", "1.0"),
            new XAttribute(XNamespace.Xml + "lang", Language(voice)),
            new XElement(Synthesis + "voice",
                new XAttribute("name", voice),
                text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(paragraph => new XElement(Synthesis + "p", paragraph))));
        return speak.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The language of a voice name (<c>en-GB</c> of <c>en-GB-SoniaNeural</c>).</summary>
    public static string Language(string voice)
    {
        var parts = voice.Split('-');
        return parts.Length >= 3 ? $"{parts[0]}-{parts[1]}" : "en-US";
    }
}
