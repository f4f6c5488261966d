using Parsimony.Geometry;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Regularization;

/// <summary>
/// Moduli regularization (spec moduli.md §1.4): λ · Σ over the penalised recurrent matrices of mean(R ⊙ |W|ᵖ), each
/// matrix with its own independently drawn embedding and R stacked per gate. Fixed embeddings are buffers (exported with
/// the model, R rebuilt from the seed); learned embeddings are parameters and R is recomputed from them at every step.
/// Build it after the weights are on their device: R lives where the weights are.
/// </summary>
public sealed class ModuliRegularizer : nn.Module, IRegularizer
{
    readonly RegularizerSpec spec;
    readonly IReadOnlyList<NamedWeight> targets;
    readonly double lambda;
    readonly int power;
    readonly bool trainable;
    readonly Tensor?[] fixedR;
    readonly Tensor?[] permutations;
    readonly Tensor?[] embeddings;

    /// <summary>
    /// Draws the embeddings and penalty matrices of every recurrent matrix in <paramref name="targets"/> (each
    /// [gates·N, N]) from <paramref name="seed"/>; <paramref name="trainable"/> learns the embeddings.
    /// </summary>
    public ModuliRegularizer(RegularizerSpec spec, double lambda, int power, IReadOnlyList<NamedWeight> targets, ulong seed, bool trainable = false)
        : base("ModuliRegularizer")
    {
        Rules.NonNegative(lambda, "Lambda");
        Rules.Require(power is 1 or 2, "Power", $"must be 1 or 2 (got {power}).");
        Rules.Require(!trainable || spec.Space is not null, "TrainEmbedding", $"needs a space; '{spec.Name}' has none.");
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
    public bool IsZero => lambda == 0 || spec.Base == PenaltyBase.Zero;

    /// <summary>Number of penalised matrices.</summary>
    public int Count => targets.Count;

    /// <summary>The embedding of target <paramref name="index"/> (null without a space).</summary>
    public Tensor? Embedding(int index) => embeddings[index];

    /// <summary>The space the neurons live in (null for <c>standard</c>/<c>none</c>).</summary>
    public ModuliSpace? Space => spec.Space;

    /// <summary>The current penalty matrix of target <paramref name="index"/> (recomputed when learned).</summary>
    public Tensor PenaltyFor(int index) => trainable
        ? PenaltyMatrix.FromEmbedding(spec, embeddings[index]!, permutations[index])
        : fixedR[index]!;

    /// <summary>The manifold ordering of target <paramref name="index"/>'s neurons, or the identity without a space.</summary>
    public long[] NeuronOrder(int index, long n) =>
        Space is { } space && embeddings[index] is { } e ? space.Order(e) : Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray();

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

    /// <summary>Puts learned embeddings on a sphere back onto it.</summary>
    public void AfterStep()
    {
        if (!trainable || Space is not Sphere) return;
        using var _ = no_grad();
        foreach (var e in embeddings) e!.div_(linalg.vector_norm(e, 2, [1], true));
    }

    /// <summary>Redraws every embedding (and R) from <paramref name="seed"/> in place, as the lottery-ticket retrain needs.</summary>
    public void Reinitialize(ulong seed) => Draw(seed, register: false);

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
