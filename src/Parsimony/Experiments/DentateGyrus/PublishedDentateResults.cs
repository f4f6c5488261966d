namespace Parsimony.Experiments.DentateGyrus;

/// <summary>One row of the published comparison (spec §B.6: means over weight seeds 1234–1238 at the optimised parameters).</summary>
/// <param name="Model">The model's key.</param>
/// <param name="ActiveGcs">Mean active granule cells per pattern (of 128).</param>
/// <param name="Similarity">Mean cosine similarity of the pattern responses.</param>
/// <param name="FractionActiveUnits">Share of granule cells active for any pattern.</param>
public sealed record PublishedDentateRow(string Model, double ActiveGcs, double Similarity, double FractionActiveUnits);

/// <summary>The published table of spec §B.6 and the models its ±15% check (B4) covers.</summary>
public static class PublishedDentateResults
{
    /// <summary>The rows, by model key (5c is the logged pre-fix run, not comparable with the final parameters).</summary>
    public static IReadOnlyDictionary<string, PublishedDentateRow> Rows { get; } = new PublishedDentateRow[]
    {
        new("0", 104.3, 0.746, 1.00),
        new("1", 56.3, 0.552, 0.956),
        new("2", 49.6, 0.575, 0.938),
        new("2_nsl", 5.39, 0.409, 0.356),
        new("3", 51.8, 0.543, 0.933),
        new("4", 51.9, 0.545, 0.928),
        new("5", 20.2, 0.454, 1.00),
        new("5c", 79.3, 0.653, 1.00),
        new("6", 22.4, 0.375, 1.00),
        new("6b", 41.7, 0.450, 0.997),
    }.ToDictionary(r => r.Model);

    /// <summary>The models whose active count and similarity must fall within ±15% of the table (check B4).</summary>
    public static IReadOnlyList<string> Checked { get; } = ["0", "1", "2", "3", "4", "5", "6"];

    /// <summary>The tolerance of check B4 (relative).</summary>
    public const double Tolerance = 0.15;
}
