using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BudapestPost.Core.Related;

/// <summary>Tuning of the related-article engine; the defaults are what the site uses.</summary>
public sealed class RelatedOptions
{
    public const string SectionName = "Related";

    /// <summary>Length of each article's related list (K).</summary>
    [Range(1, 100)]
    public int RelatedCount { get; set; } = 10;

    /// <summary>How many times a title term counts against one body occurrence.</summary>
    [Range(1, 20)]
    public int TitleBoost { get; set; } = 3;

    /// <summary>How many times a lead term counts against one body occurrence.</summary>
    [Range(1, 20)]
    public int LeadBoost { get; set; } = 2;

    /// <summary>
    /// How many of an article's highest-weighted terms its similarity vector keeps (normalized over
    /// all its terms). The long tail of a news text adds little to a cosine but most of its cost.
    /// </summary>
    [Range(8, 100_000)]
    public int VectorTermCount { get; set; } = 64;

    /// <summary>
    /// How many of an article's highest-weighted terms serve as its candidate keys: two articles
    /// are compared only when they share a key (or an uncommon tag).
    /// </summary>
    [Range(1, 200)]
    public int KeyTermCount { get; set; } = 16;

    /// <summary>
    /// Terms and tags in more documents than this (by the statistics snapshot) are too common to
    /// find candidates with. This bound keeps the cost of one publish independent of corpus size;
    /// such terms still count fully in the similarity of the candidates that are found.
    /// </summary>
    [Range(2, 1_000_000)]
    public int MaxKeyDocumentFrequency { get; set; } = 200;

    /// <summary>Weight of tag overlap (Jaccard, 0..1) added to the text cosine (0..1).</summary>
    [Range(0.0, 10.0)]
    public double TagWeight { get; set; } = 0.25;

    /// <summary>Share of the score that fades with the time between two articles (0 = none).</summary>
    [Range(0.0, 1.0)]
    public double RecencyWeight { get; set; } = 0.15;

    /// <summary>Days between two articles after which the fading share is halved.</summary>
    [Range(1.0, 36500.0)]
    public double RecencyHalfLifeDays { get; set; } = 180;

    /// <summary>
    /// The term statistics (IDF) are refreshed, with every list recomputed, once the corpus has
    /// grown by this factor since the last snapshot; 0 turns automatic refreshes off.
    /// </summary>
    [Range(0.0, 100.0)]
    public double StatisticsRefreshGrowth { get; set; } = 2.0;

    /// <summary>Everything that shapes a related list; a persisted model built with another value is re-ranked.</summary>
    internal string RankingFingerprint => string.Join(
        ';',
        RelatedCount,
        TitleBoost,
        LeadBoost,
        VectorTermCount,
        KeyTermCount,
        MaxKeyDocumentFrequency,
        TagWeight.ToString("R", CultureInfo.InvariantCulture),
        RecencyWeight.ToString("R", CultureInfo.InvariantCulture),
        RecencyHalfLifeDays.ToString("R", CultureInfo.InvariantCulture));
}
