using Parsimony.Geometry;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Regularization;

/// <summary>One recurrent weight matrix a <see cref="ModuliRegularizer"/> penalises.</summary>
/// <param name="Name">The weight's name in its model (e.g. <c>rnn.rnn.weight_hh_l0</c>).</param>
/// <param name="Weight">The weight [gates·N, N] (gates stacked along dim 0 for LSTM/GRU).</param>
/// <param name="Gates">1 for Elman, 4 for LSTM, 3 for GRU.</param>
public sealed record PenalizedWeight(string Name, Parameter Weight, int Gates = 1);

/// <summary>
/// Moduli regularization (spec moduli.md §1.4): λ · Σ over the penalised recurrent matrices of mean(R ⊙ |W|ᵖ), each
/// matrix with its own independently drawn embedding and R stacked per gate. Fixed embeddings are buffers (exported with
/// the model, R rebuilt from the seed); learned embeddings are parameters and R is recomputed from them at every step.
/// Build it after the weights are on their device: R lives where the weights are.
/// </summary>
public sealed class ModuliRegularizer : nn.Module
{
    readonly RegularizerSpec spec;
    readonly ModuliSpace? space;
    readonly IReadOnlyList<PenalizedWeight> targets;
    readonly double lambda;
    readonly int power;
    readonly bool trainable;
    readonly Tensor?[] fixedR;
    readonly Tensor?[] permutations;
    readonly Tensor?[] embeddings;

    /// <summary>Draws the embeddings and penalty matrices of every target from <paramref name="seed"/>.</summary>
    public ModuliRegularizer(RegularizerSpec spec, double lambda, int power, IReadOnlyList<PenalizedWeight> targets, ulong seed, bool trainable = false)
        : base("ModuliRegularizer")
    {
        spec.Validate();
        if (lambda < 0 || !double.IsFinite(lambda)) throw new ParsimonyException($"The regularization coefficient λ must be ≥ 0 (got {lambda}).");
        if (power is not (1 or 2)) throw new ParsimonyException($"The penalty power p must be 1 or 2 (got {power}).");
        space = spec.ParseSpace();
        if (trainable && space is null) throw new ParsimonyException($"A learned embedding needs a space; '{spec.Space}' has none.");
        this.spec = spec;
        this.targets = targets;
        this.lambda = lambda;
        this.power = power;
        this.trainable = trainable;
        fixedR = new Tensor?[targets.Count];
        permutations = new Tensor?[targets.Count];
        embeddings = new Tensor?[targets.Count];
        Draw(seed, register: true);
    }

    /// <summary>Whether the penalty is identically zero (λ = 0 or R ≡ 0), so it can be skipped.</summary>
    public bool IsZero => lambda == 0 || spec.IsNone;

    /// <summary>Number of penalised matrices.</summary>
    public int Count => targets.Count;

    /// <summary>The embedding of target <paramref name="index"/> (null for <c>standard</c>/<c>none</c>).</summary>
    public Tensor? Embedding(int index) => embeddings[index];

    /// <summary>The space the neurons live in (null for <c>standard</c>/<c>none</c>).</summary>
    public ModuliSpace? Space => space;

    /// <summary>The current penalty matrix of target <paramref name="index"/> (recomputed when learned).</summary>
    public Tensor PenaltyFor(int index) => trainable
        ? PenaltyMatrix.FromEmbedding(spec, space!, embeddings[index]!, permutations[index])
        : fixedR[index]!;

    /// <summary>λ · Σ mean(R ⊙ |W|ᵖ) (a scalar with gradients for W and learned embeddings).</summary>
    public Tensor Penalty()
    {
        Tensor? total = null;
        for (int i = 0; i < targets.Count; i++)
        {
            var w = targets[i].Weight;
            var magnitude = power == 1 ? w.abs() : w.square();
            long n = w.shape[1];
            var term = (magnitude.view(targets[i].Gates, n, n) * PenaltyFor(i)).mean();
            total = total is null ? term : total + term;
        }
        return total is null ? zeros(1).squeeze() : lambda * total;
    }

    /// <summary>Redraws every embedding (and R) from <paramref name="seed"/> in place, as the lottery-ticket retrain needs.</summary>
    public void Redraw(ulong seed) => Draw(seed, register: false);

    void Draw(ulong seed, bool register)
    {
        using var generator = new Generator(seed, CPU);
        for (int i = 0; i < targets.Count; i++)
        {
            var weight = targets[i].Weight;
            long n = weight.shape[1];
            if (weight.shape[0] != targets[i].Gates * n)
                throw new ParsimonyException($"{targets[i].Name} is {weight.shape[0]}×{n}, not {targets[i].Gates}·N×N as a recurrent matrix must be.");
            var r = PenaltyMatrix.Build(spec with { Permute = spec.Permute && !trainable }, n, generator, weight.device, out var points);
            var permutation = spec.Permute && trainable ? PenaltyMatrix.Permutation(n, generator).to(weight.device) : null;
            if (register)
            {
                fixedR[i] = trainable ? null : r;
                permutations[i] = permutation;
                if (points is not null)
                {
                    embeddings[i] = trainable ? new Parameter(points) : points;
                    if (trainable) register_parameter($"embedding{i}", (Parameter)embeddings[i]!);
                    else register_buffer($"embedding{i}", points);
                }
                if (trainable) r.Dispose();
                continue;
            }
            using (no_grad())
            {
                if (points is not null) embeddings[i]!.copy_(points);
                if (!trainable) fixedR[i]!.copy_(r);
                if (permutation is not null) permutations[i]!.copy_(permutation);
            }
            r.Dispose();
            points?.Dispose();
            permutation?.Dispose();
        }
    }
}
