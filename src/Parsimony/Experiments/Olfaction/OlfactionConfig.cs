using System.ComponentModel;
using System.Globalization;
using Parsimony.Models.Olfaction;
using Parsimony.Runs;

namespace Parsimony.Experiments.Olfaction;

/// <summary>Which Monte-Carlo studies <c>run olfaction</c> runs.</summary>
public enum OlfactionStudy
{
    /// <summary>Both studies, and the diversity–sparsity relation drawn from them.</summary>
    All,
    /// <summary>Success and false candidates against the response breadth s, per mixture size K.</summary>
    Breadth,
    /// <summary>The minimal number of receptors M for the success level, against K and against N.</summary>
    Receptors,
}

/// <summary>
/// Olfaction by compressed sensing and estimation by elimination (spec neuro_models.md Part C): random sparse receptors
/// with competitive binding and a thresholded Hill output, decoded by elimination, competitive-binding linearisation and
/// non-negative least squares, in Monte-Carlo studies against the breadth s, the receptors M, the mixture size K and the
/// repertoire N. Every trial draws a new receptor repertoire and a new odour. The defaults run in seconds on 2 cores.
/// </summary>
public sealed record OlfactionConfig : RunConfig
{
    /// <summary>The studies.</summary>
    [Description("Studies to run: breadth (success and false candidates against s, per K), receptors (minimal M for the success level against K and N), or all (both, plus the diversity–sparsity relation).")]
    public OlfactionStudy Study { get; init; } = OlfactionStudy.All;

    /// <summary>N of the breadth study and of the receptors-vs-K scan.</summary>
    [Description("N, the odorant repertoire (of the breadth study and of the minimal-M-against-K scan).")]
    public int Odorants { get; init; } = 1000;

    /// <summary>The mixture sizes K.</summary>
    [Description("Mixture sizes K (odorants present), comma-separated.")]
    public string MixtureSizes { get; init; } = "1,2,4,8";

    /// <summary>M of the breadth study, 0 for the per-K automatic choice.</summary>
    [Description("M, the receptor types of the breadth study; 0: for each K the mean-field solvability bound at s* = 1/(K+1) (where decoding succeeds about half the time, so the peak is not a plateau).")]
    public int Receptors { get; init; }

    /// <summary>Span of the breadth grid around s*.</summary>
    [Description("The breadth study scans s geometrically from s*/span to s*·span (capped at 1), s* = 1/(K+1).")]
    public double BreadthSpan { get; init; } = 4;

    /// <summary>Points of the breadth grid.</summary>
    [Description("Points of the breadth grid per K.")]
    public int BreadthPoints { get; init; } = 13;

    /// <summary>The repertoires N of the receptors-vs-N scan.</summary>
    [Description("Repertoires N of the minimal-M-against-N scan, comma-separated.")]
    public string OdorantCounts { get; init; } = "100,300,1000,3000";

    /// <summary>K of the receptors-vs-N scan.</summary>
    [Description("The mixture size K of the minimal-M-against-N scan.")]
    public int ScalingMixtureSize { get; init; } = 3;

    /// <summary>s of the receptors study, 0 for s* = 1/(K+1).</summary>
    [Description("s of the receptors study; 0: the optimal breadth s* = 1/(K+1) of each K.")]
    public double ReceptorBreadth { get; init; }

    /// <summary>Points of the M grid per (K, N).</summary>
    [Description("Points of the M grid of each (K, N), geometric from half the mean-field solvability bound to 1.3 × the M of clean elimination at the success level.")]
    public int ReceptorPoints { get; init; } = 14;

    /// <summary>Trials per grid point.</summary>
    [Description("Monte-Carlo trials per grid point (each draws a new repertoire and odour); check C2 asks for at least 500.")]
    public int Trials { get; init; } = 50;

    /// <summary>The success level of the minimal-M search.</summary>
    [Description("The success rate the minimal M must reach.")]
    public double SuccessLevel { get; init; } = 0.9;

    /// <summary>σ of ln affinity.</summary>
    [Description("σ of the log-normal affinities 1/κ (median 1); 0: all affinities 1.")]
    public double AffinitySpread { get; init; } = 1;

    /// <summary>Lower end of the efficacies.</summary>
    [Description("Efficacies η are uniform on [efficacy-min, 1].")]
    public double EfficacyMin { get; init; }

    /// <summary>Hill exponent n.</summary>
    [Description("Hill exponent n of the output F(A) = Aⁿ/(Aⁿ + A½ⁿ).")]
    public double HillExponent { get; init; } = 1;

    /// <summary>A½.</summary>
    [Description("A½, the active fraction of half-maximal output.")]
    public double HalfActivation { get; init; } = 0.3;

    /// <summary>θ.</summary>
    [Description("Threshold θ on the output: receptors at or below it are silent (0: θ = 0⁺, silent exactly when nothing present binds).")]
    public double Threshold { get; init; }

    /// <summary>Output noise.</summary>
    [Description("S.d. of additive Gaussian noise on each output before the threshold (clipped to [0, 1)); 0: none.")]
    public double Noise { get; init; }

    /// <summary>Elimination criterion.</summary>
    [Description("How a silent receptor rules odorants out: binding (every odorant it binds) or graded (only those that alone, at --concentration-min, would have driven it above θ).")]
    public EliminationCriterion Elimination { get; init; } = EliminationCriterion.Binding;

    /// <summary>What the decoder does with an under-determined system.</summary>
    [Description("When elimination leaves more candidates than active receptors (or a rank-deficient system): refuse (report nothing: the talk's decoder, which solves only what elimination made over-determined) or solve (non-negative least squares anyway, which often still finds the sparse odour).")]
    public UnderdeterminedPolicy Underdetermined { get; init; } = UnderdeterminedPolicy.Refuse;

    /// <summary>Smallest concentration.</summary>
    [Description("Concentrations are log-uniform on [concentration-min, concentration-max], in units of the median κ.")]
    public double ConcentrationMin { get; init; } = 0.1;

    /// <summary>Largest concentration.</summary>
    [Description("Largest concentration of an odorant present.")]
    public double ConcentrationMax { get; init; } = 10;

    /// <summary>Report cut-off as a share of the smallest concentration.</summary>
    [Description("A candidate is reported present when its estimated concentration exceeds this share of --concentration-min.")]
    public double Cutoff { get; init; } = 0.1;

    /// <summary>Relative concentration error a success may have.</summary>
    [Description("A trial succeeds when the reported odorants are exactly the odour's and ‖ĉ − c‖/‖c‖ is at most this.")]
    public double Tolerance { get; init; } = 0.01;

    /// <summary>The mixture sizes, parsed.</summary>
    public int[] MixtureSizeList() => WholeNumbers(MixtureSizes, nameof(MixtureSizes));

    /// <summary>The repertoires of the N scan, parsed.</summary>
    public int[] OdorantCountList() => WholeNumbers(OdorantCounts, nameof(OdorantCounts));

    /// <summary>The receptor output model.</summary>
    public ReceptorResponse Response() => new(HillExponent, HalfActivation, Threshold, Noise);

    /// <summary>The decoder.</summary>
    public EliminationDecoder Decoder() => new(Response(), Elimination, ConcentrationMin, Cutoff * ConcentrationMin, Underdetermined);

    /// <inheritdoc/>
    public override void Validate()
    {
        Rules.Positive(Odorants, nameof(Odorants));
        var ks = MixtureSizeList();
        foreach (var k in ks)
            Rules.Require(k < Odorants, nameof(MixtureSizes), $"must each be smaller than {{{nameof(Odorants)}}} ({Odorants}), so that some odorants are absent (got {k}).");
        Rules.NonNegative(Receptors, nameof(Receptors));
        Rules.Require(BreadthSpan >= 1 && double.IsFinite(BreadthSpan), nameof(BreadthSpan), $"must be at least 1 (got {Rules.Show(BreadthSpan)}).");
        Rules.Positive(BreadthPoints, nameof(BreadthPoints));
        foreach (var n in OdorantCountList())
            Rules.Require(n > ScalingMixtureSize, nameof(OdorantCounts), $"must each be larger than {{{nameof(ScalingMixtureSize)}}} ({ScalingMixtureSize}) (got {n}).");
        Rules.Positive(ScalingMixtureSize, nameof(ScalingMixtureSize));
        Rules.Require(ReceptorBreadth is >= 0 and <= 1, nameof(ReceptorBreadth), $"must be in (0, 1], or 0 for s* = 1/(K+1) (got {Rules.Show(ReceptorBreadth)}).");
        Rules.AtLeast(ReceptorPoints, 2, nameof(ReceptorPoints));
        Rules.Positive(Trials, nameof(Trials));
        Rules.Require(SuccessLevel is > 0 and < 1, nameof(SuccessLevel), $"must be in (0, 1) (got {Rules.Show(SuccessLevel)}).");
        new ReceptorRepertoire(Odorants, 1, 1, AffinitySpread, EfficacyMin).Validate();
        Response().Validate();
        Rules.Positive(ConcentrationMin, nameof(ConcentrationMin));
        Rules.Require(ConcentrationMax >= ConcentrationMin && double.IsFinite(ConcentrationMax), nameof(ConcentrationMax),
            $"must be a number at least {{{nameof(ConcentrationMin)}}} ({Rules.Show(ConcentrationMin)}) (got {Rules.Show(ConcentrationMax)}).");
        Rules.NonNegative(Cutoff, nameof(Cutoff));
        Rules.Positive(Tolerance, nameof(Tolerance));
    }

    static int[] WholeNumbers(string text, string property)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        Rules.Require(parts.Length > 0 && values.All(v => v > 0), property, $"takes positive whole numbers separated by commas, e.g. 1,2,4 (got '{Text.Quote(text ?? "")}').");
        Rules.Require(values.Distinct().Count() == values.Length, property, $"lists a value twice (got '{Text.Quote(text!)}').");
        return values;
    }
}
