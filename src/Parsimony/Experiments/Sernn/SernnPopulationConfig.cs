using System.ComponentModel;
using Parsimony.Regularization;

namespace Parsimony.Experiments.Sernn;

/// <summary>
/// A population of seRNNs (spec neuro_models.md §A.5): networks that differ only in their strength λ, drawn from
/// linspace(LambdaMin, LambdaMax, LambdaSteps) in van der Corput order (any prefix spans the range), trained side by
/// side in stacks of <see cref="StackSize"/> networks. Every network is the one <c>train sernn --lambda λ</c> trains with
/// the same options and seed (same initialisation, trials and noise).
/// </summary>
public sealed record SernnPopulationConfig : SernnOptions
{
    /// <summary>Networks.</summary>
    [Description("Networks to train: the first N strengths of the grid in van der Corput order (the paper: 1,001 per group; ≥ 100 must pass the accuracy filter).")]
    public int Networks { get; init; } = 240;

    /// <summary>Smallest λ.</summary>
    [Description("Smallest strength of the grid (default: 0.001 for sernn and communicability — the paper's seRNN range; 1e-5 for l1 and distance).")]
    public double? LambdaMin { get; init; }

    /// <summary>Largest λ.</summary>
    [Description("Largest strength of the grid (default: 0.3 for sernn and communicability — the paper's seRNN range; 0.02 for l1 and 0.01 for distance, the paper's being unknown: no L1 network above 0.02 (0 of 49) and no distance-only one above 0.0066 learned the maze in our populations).")]
    public double? LambdaMax { get; init; }

    /// <summary>Grid points.</summary>
    [Description("Points of the λ grid linspace(min, max, steps) (the paper: 1001).")]
    public int LambdaSteps { get; init; } = 1001;

    /// <summary>Networks per stack.</summary>
    [Description("Networks trained together as one stack of batched products (one chunk of the run: a killed run resumes at the first unfinished stack).")]
    public int StackSize { get; init; } = 24;

    /// <summary>Stacks trained at once.</summary>
    [Description("Stacks trained at the same time, each on its own share of libtorch's threads (cores ÷ stacks; 2 here: one core each, which beats two threads on one stack of these small products).")]
    public int ParallelStacks { get; init; } = 2;

    /// <summary>The validation accuracy of the population filter.</summary>
    [Description("Validation accuracy a network needs to count as passing in the summary (the paper: 0.9).")]
    public double MinAccuracy { get; init; } = 0.9;

    /// <summary>The grid's end points for this penalty.</summary>
    public (double Min, double Max) Range() => Penalty switch
    {
        SpatialPenalty.L1 => (LambdaMin ?? 1e-5, LambdaMax ?? 0.02),
        SpatialPenalty.Distance => (LambdaMin ?? 1e-5, LambdaMax ?? 0.01),
        _ => (LambdaMin ?? 0.001, LambdaMax ?? 0.3),
    };

    /// <summary>The strengths of the networks, in training order.</summary>
    public double[] Lambdas()
    {
        var (min, max) = Range();
        return VanDerCorput(LambdaSteps).Take(Networks).Select(i => LambdaSteps == 1 ? min : min + (max - min) * i / (LambdaSteps - 1)).ToArray();
    }

    /// <summary>0 … n − 1 in van der Corput (bit-reversal) order: 0, n/2, n/4, 3n/4, … (indices ≥ n of the next power of two skipped).</summary>
    public static IEnumerable<int> VanDerCorput(int n)
    {
        int bits = 0;
        while ((1 << bits) < n) bits++;
        for (int i = 0; i < 1 << bits; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) if ((i >> b & 1) == 1) r |= 1 << (bits - 1 - b);
            if (r < n) yield return r;
        }
    }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.Positive(LambdaSteps, nameof(LambdaSteps));
        Rules.Positive(Networks, nameof(Networks));
        Rules.Require(Networks <= LambdaSteps, nameof(Networks), $"must be at most the grid's {LambdaSteps} points (got {Networks}); give a larger --lambda-steps.");
        Rules.Positive(StackSize, nameof(StackSize));
        Rules.Positive(ParallelStacks, nameof(ParallelStacks));
        var (min, max) = Range();
        Rules.NonNegative(min, nameof(LambdaMin));
        Rules.Require(max >= min, nameof(LambdaMax), $"must be at least the smallest strength {Rules.Show(min)} (got {Rules.Show(max)}).");
        Rules.Require(MinAccuracy is >= 0 and <= 1, nameof(MinAccuracy), $"must be in [0, 1] (got {Rules.Show(MinAccuracy)}).");
    }
}
