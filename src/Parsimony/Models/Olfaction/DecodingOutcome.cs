namespace Parsimony.Models.Olfaction;

/// <summary>
/// How well one decoding matches the odour (spec neuro_models.md §C.4 item 3). Precision of an empty report is 1
/// (nothing false was reported); the concentration error is the relative L2 error ‖ĉ − c‖/‖c‖ over all N odorants,
/// with ĉ = 0 outside the reported odorants. Success: the reported set is exactly the odour's and the concentration
/// error is at most the tolerance.
/// </summary>
/// <param name="Candidates">|Cand|, the odorants left after elimination.</param>
/// <param name="FalseCandidates">Candidates not in the odour.</param>
/// <param name="TrueEliminated">Odorants of the odour that elimination wrongly ruled out.</param>
/// <param name="ActiveReceptors">Receptors above threshold.</param>
/// <param name="Precision">Share of the reported odorants that are in the odour.</param>
/// <param name="Recall">Share of the odour's odorants that were reported.</param>
/// <param name="ConcentrationError">‖ĉ − c‖₂/‖c‖₂.</param>
/// <param name="Solvable">|Cand| ≤ #active and the system has full column rank (check C1's condition).</param>
/// <param name="Success">Exact identities and concentration error within the tolerance.</param>
public sealed record DecodingOutcome(int Candidates, int FalseCandidates, int TrueEliminated, int ActiveReceptors, double Precision, double Recall,
                                     double ConcentrationError, bool Solvable, bool Success)
{
    /// <summary>Scores <paramref name="decoding"/> against <paramref name="odour"/>.</summary>
    public static DecodingOutcome Score(Odour odour, Decoding decoding, double tolerance)
    {
        var present = odour.Odorants.ToHashSet();
        int trueCandidates = decoding.Candidates.Count(present.Contains);
        int hits = decoding.Odorants.Count(present.Contains);
        var truth = odour.Odorants.Zip(odour.Concentrations).ToDictionary(p => p.First, p => p.Second);
        var estimate = decoding.Odorants.Zip(decoding.Concentrations).ToDictionary(p => p.First, p => p.Second);
        double squared = 0, norm = 0;
        foreach (var (i, c) in truth)
        {
            squared += Math.Pow(c - estimate.GetValueOrDefault(i), 2);
            norm += c * c;
        }
        foreach (var (i, c) in estimate) if (!truth.ContainsKey(i)) squared += c * c;
        double error = Math.Sqrt(squared / norm);
        bool exact = hits == odour.Size && decoding.Odorants.Length == odour.Size;
        return new DecodingOutcome(decoding.Candidates.Length, decoding.Candidates.Length - trueCandidates, odour.Size - trueCandidates,
            decoding.ActiveReceptors, decoding.Odorants.Length == 0 ? 1 : (double)hits / decoding.Odorants.Length, (double)hits / odour.Size,
            error, decoding.FullRank, exact && error <= tolerance);
    }
}
