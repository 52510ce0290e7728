using System.Xml.Linq;
using BudapestPost.Core.Audio;

namespace BudapestPost.Core.Tests.Audio;

public sealed class SsmlTests
{
    private static readonly XNamespace Synthesis = "http://www.w3.org/2001/10/synthesis";

    [Fact]
    public void Build_TextAndVoice_GivesOneParagraphElementPerParagraphInTheVoice()
    {
        var document = XDocument.Parse(Ssml.Build("First <b>&amp; \"quoted\".\n\nSecond.", "en-GB-SoniaNeural"));

        var speak = document.Root!;
        Assert.Equal(Synthesis + "speak", speak.Name);
        Assert.Equal("1.0", speak.Attribute("version")?.Value);
        Assert.Equal("en-GB", speak.Attribute(XNamespace.Xml + "lang")?.Value);
        var voice = Assert.Single(speak.Elements(Synthesis + "voice"));
        Assert.Equal("en-GB-SoniaNeural", voice.Attribute("name")?.Value);
        Assert.Equal(["First <b>&amp; \"quoted\".", "Second."], voice.Elements(Synthesis + "p").Select(p => p.Value));
    }

    [Theory]
    [InlineData("en-US-AvaMultilingualNeural", "en-US")]
    [InlineData("hu-HU-NoemiNeural", "hu-HU")]
    [InlineData("odd", "en-US")]
    public void Language_OfVoiceName_IsItsFirstTwoParts(string voice, string language)
    {
        Assert.Equal(language, Ssml.Language(voice));
    }
}
