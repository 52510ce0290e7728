namespace BudapestPost.Core.Search;

/// <summary>
/// American spellings mapped to the British ones the site writes. Spelling is not a matter of
/// stemming ("defense" and "defence" share no stem), so the analyzer rewrites these words before
/// stemming, at index and query time alike; a short list of the words news actually uses beats a
/// general rule that would mangle "license plate" or "practise" wrongly.
/// </summary>
internal static class SpellingVariants
{
    public static readonly IReadOnlyDictionary<string, string> AmericanToBritish = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["defense"] = "defence",
        ["offense"] = "offence",
        ["license"] = "licence",
        ["color"] = "colour",
        ["favor"] = "favour",
        ["favorite"] = "favourite",
        ["honor"] = "honour",
        ["labor"] = "labour",
        ["neighbor"] = "neighbour",
        ["behavior"] = "behaviour",
        ["harbor"] = "harbour",
        ["rumor"] = "rumour",
        ["center"] = "centre",
        ["theater"] = "theatre",
        ["meter"] = "metre",
        ["liter"] = "litre",
        ["organize"] = "organise",
        ["organization"] = "organisation",
        ["recognize"] = "recognise",
        ["realize"] = "realise",
        ["criticize"] = "criticise",
        ["apologize"] = "apologise",
        ["authorize"] = "authorise",
        ["emphasize"] = "emphasise",
        ["privatize"] = "privatise",
        ["modernize"] = "modernise",
        ["mobilize"] = "mobilise",
        ["stabilize"] = "stabilise",
        ["analyze"] = "analyse",
        ["paralyze"] = "paralyse",
        ["catalog"] = "catalogue",
        ["dialog"] = "dialogue",
        ["program"] = "programme",
        ["traveler"] = "traveller",
        ["jewelry"] = "jewellery",
        ["aluminum"] = "aluminium",
        ["gray"] = "grey",
        ["tire"] = "tyre",
        ["pajamas"] = "pyjamas",
        ["maneuver"] = "manoeuvre",
        ["fetus"] = "foetus",
        ["pediatric"] = "paediatric",
        ["anemia"] = "anaemia",
        ["judgment"] = "judgement",
    };
}
