using System.ComponentModel;
using System.Globalization;
using Parsimony.Runs;

namespace Parsimony.Experiments.RichLazy;

/// <summary>
/// Options of <c>parsimony run rich-lazy</c>: the published sweep of Flesch et al. (2022; spec neuro_models.md §D.2) —
/// eight (σ_s, σ_c) initial scales × 30 runs of a 27-100-1 ReLU network trained by full-batch gradient descent
/// (lr 5e-3, 10,000 steps) on the blob task — and the L2 variant on the lazy initialisation.
/// </summary>
public sealed record RichLazyConfig : RunConfig
{
    /// <summary>The published initial scales σ_s:σ_c.</summary>
    public const string PublishedScales = "0.01:0.5,0.1:0.5,0.2:0.5,0.3:0.5,0.4:0.5,1:0.8,2:1.35,3:1.5";

    /// <summary>Initial scales.</summary>
    [Description("Initial standard deviations σ_s:σ_c of the stimulus and context weights, comma-separated; the first is reported as the rich regime, the last as the lazy one.")]
    public string Scales { get; init; } = PublishedScales;

    /// <summary>Runs per scale.</summary>
    [Description("Networks per initial scale (run r uses the same standard-normal draws at every scale, seeded from --seed and r).")]
    public int Runs { get; init; } = 30;

    /// <summary>Gradient steps.</summary>
    [Description("Full-batch gradient-descent steps per network.")]
    public int Steps { get; init; } = 10_000;

    /// <summary>Learning rate.</summary>
    [Description("Learning rate of plain gradient descent on the summed loss ½ Σ (ŷ − y)².")]
    public double LearningRate { get; init; } = 5e-3;

    /// <summary>Hidden units.</summary>
    [Description("Hidden ReLU units.")]
    public int Hidden { get; init; } = 100;

    /// <summary>Output weight scale.</summary>
    [Description("Initial standard deviation of the output weights.")]
    public double OutputStd { get; init; } = 0.01;

    /// <summary>Initial biases.</summary>
    [Description("Initial value of every bias (hidden and output).")]
    public double Bias { get; init; } = 0.1;

    /// <summary>Largest L2 weight.</summary>
    [Description("L2 variant: the penalty ½ λ Σ ‖W‖² over the three weight matrices takes --l2-levels values linspace(0, this, levels).")]
    public double L2Max { get; init; } = 0.1;

    /// <summary>L2 levels.</summary>
    [Description("L2 variant: number of λ values (0: no L2 variant).")]
    public int L2Levels { get; init; } = 8;

    /// <summary>Runs per L2 level.</summary>
    [Description("L2 variant: networks per λ, at the initial scale of --l2-scale.")]
    public int L2Runs { get; init; } = 20;

    /// <summary>Initial scale of the L2 variant.</summary>
    [Description("L2 variant: initial scale σ_s:σ_c (the published lazy one).")]
    public string L2Scale { get; init; } = "3:1.5";

    /// <summary>Which network the ablation masks come from.</summary>
    [Description("Ablation masks: own (the unit categories of the network being ablated) or rich (the authors' code quirk: the categories of the rich network, the first scale, of the same run, for every network; costs one extra rich training per network).")]
    public AblationMasks AblationMasks { get; init; } = AblationMasks.Own;

    /// <summary>Whether the networks of different groups share their weight draws.</summary>
    [Description("Weight draws: shared (run r of every scale and of every λ uses the same standard-normal draws, seeded from --seed and r, so groups are compared in pairs) or independent (every network draws its own, seeded from --seed, its group and r, as in the authors' code; with --ablation-masks rich the borrowed masks then come from an unrelated network, as theirs did).")]
    public WeightDraws Draws { get; init; } = WeightDraws.Shared;

    /// <summary>Logging interval.</summary>
    [Description("Record loss, accuracy and relative weight changes every this many steps (convergence is checked at every step).")]
    public int LogEvery { get; init; } = 100;

    /// <inheritdoc/>
    public override void Validate()
    {
        ParseScales();
        Rules.Positive(Runs, nameof(Runs));
        Rules.AtLeast(Steps, 1, nameof(Steps));
        Rules.Positive(LearningRate, nameof(LearningRate));
        Rules.Positive(Hidden, nameof(Hidden));
        Rules.Positive(OutputStd, nameof(OutputStd));
        Rules.Require(double.IsFinite(Bias), nameof(Bias), $"must be a finite number (got {Rules.Show(Bias)}).");
        Rules.NonNegative(L2Max, nameof(L2Max));
        Rules.AtLeast(L2Levels, 0, nameof(L2Levels));
        Rules.Require(L2Levels != 1 || L2Max == 0, nameof(L2Levels), "must be at least 2 to span linspace(0, --l2-max) (or 0 for no L2 variant, or 1 with --l2-max 0).");
        Rules.Positive(L2Runs, nameof(L2Runs));
        ParseL2Scale();
        Rules.Positive(LogEvery, nameof(LogEvery));
    }

    /// <summary>The initial scales (σ_s, σ_c) of the sweep.</summary>
    public IReadOnlyList<(double Stimulus, double Context)> ParseScales()
    {
        var parts = Scales.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Rules.Require(parts.Length > 0, nameof(Scales), "needs at least one σ_s:σ_c pair.");
        return parts.Select(p => ParsePair(p, nameof(Scales))).ToArray();
    }

    /// <summary>The initial scale of the L2 variant.</summary>
    public (double Stimulus, double Context) ParseL2Scale() => ParsePair(L2Scale, nameof(L2Scale));

    /// <summary>The λ values of the L2 variant.</summary>
    public double[] L2Weights() => Enumerable.Range(0, L2Levels).Select(i => L2Levels == 1 ? 0 : L2Max * i / (L2Levels - 1)).ToArray();

    static (double, double) ParsePair(string text, string property)
    {
        var ends = text.Split(':');
        double Parse(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0 ? v : double.NaN;
        var pair = ends.Length == 2 ? (Parse(ends[0]), Parse(ends[1])) : (double.NaN, double.NaN);
        Rules.Require(!double.IsNaN(pair.Item1) && !double.IsNaN(pair.Item2), property,
            $"takes σ_s:σ_c pairs of positive numbers such as 0.01:0.5 (got '{Text.Quote(text)}').");
        return pair;
    }
}

/// <summary>How the initial weights of the networks of different groups (scales, λ values) relate.</summary>
public enum WeightDraws
{
    /// <summary>Run r of every group uses the same standard-normal draws.</summary>
    Shared,
    /// <summary>Every network (group, run) draws its own.</summary>
    Independent,
}

/// <summary>Where the ablation masks of a network come from.</summary>
public enum AblationMasks
{
    /// <summary>The network being ablated (spec §D.3's correction).</summary>
    Own,
    /// <summary>The rich network of the same run, as the authors' code did for every scale.</summary>
    Rich,
}
