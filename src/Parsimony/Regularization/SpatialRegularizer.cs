using static TorchSharp.torch;

namespace Parsimony.Regularization;

/// <summary>The penalty of a spatially embedded RNN (spec neuro_models.md §A.4).</summary>
public enum SpatialPenalty
{
    /// <summary>λ Σ |U| (the L1 baseline).</summary>
    L1,
    /// <summary>λ Σ |U| ∘ D (distance only, "Donly").</summary>
    Distance,
    /// <summary>λ Σ |U| ∘ C (communicability only, "Conly").</summary>
    Communicability,
    /// <summary>λ Σ |U| ∘ C ∘ D (seRNN, the paper's).</summary>
    Sernn,
}

/// <summary>How a recurrent matrix is laid out.</summary>
public enum WeightLayout
{
    /// <summary>Keras: h_t = f(x K + h U), so U[i, j] is the weight from unit i to unit j.</summary>
    FromRowToColumn,
    /// <summary>PyTorch/TorchSharp: h_t = f(W x + W_hh h), so W_hh[i, j] is the weight from j to i (W_hh = Uᵀ).</summary>
    ToRowFromColumn,
}

/// <summary>
/// The seRNN family of regularizers over one recurrent matrix (spec §A.4): λ · Σ_ij W_ij · C_ij^p · D_ij (plain sum)
/// with W = |U| in the Keras orientation (rows send), D the distances of the units on their grid, and C the weighted
/// communicability <see cref="Communicability"/>. A matrix in the PyTorch layout is transposed first, so both layouts
/// of the same network pay the same penalty. The gradient flows through C (the TensorFlow reference) unless
/// <c>detach</c> is set (the PyTorch spiking demo). Over a stack of K matrices [K, N, N] (networks trained side by side)
/// each matrix k pays its own λ_k and the penalty is the sum of the K penalties.
/// </summary>
public sealed class SpatialRegularizer : IRegularizer
{
    /// <summary>The floor of a unit's strength in the normalisation (the original divides by zero at s = 0).</summary>
    public const double MinStrength = 1e-4;

    readonly Tensor weight;
    readonly Tensor? distances;
    readonly Tensor? strengths;   // [K] λ_k of a stack

    /// <summary>
    /// A regularizer of <paramref name="kind"/> with strength <paramref name="lambda"/> over <paramref name="weight"/>
    /// (N × N, in <paramref name="layout"/>); <paramref name="distances"/> (N × N) are needed by the distance kinds.
    /// </summary>
    public SpatialRegularizer(SpatialPenalty kind, double lambda, Tensor weight, WeightLayout layout, double[,]? distances,
                              bool detach = false, double power = 1)
        : this(kind, [lambda], weight, layout, distances, detach, power) { }

    /// <summary>
    /// A regularizer over a stack <paramref name="weight"/> [K, N, N] (or one N × N matrix when there is one strength):
    /// matrix k with strength <paramref name="lambdas"/>[k].
    /// </summary>
    public SpatialRegularizer(SpatialPenalty kind, IReadOnlyList<double> lambdas, Tensor weight, WeightLayout layout, double[,]? distances,
                              bool detach = false, double power = 1)
    {
        foreach (var lambda in lambdas) Rules.NonNegative(lambda, "Lambda");
        Rules.Positive(power, "CommsPower");
        bool single = weight.dim() == 2;
        Rules.Require((single || weight.dim() == 3) && weight.shape[^1] == weight.shape[^2], "Hidden",
            $"needs a square recurrent matrix or a stack of them (got [{string.Join(", ", weight.shape)}]).");
        Rules.Require(single ? lambdas.Count == 1 : lambdas.Count == weight.shape[0], "Lambda",
            $"needs one strength per matrix ({(single ? 1 : weight.shape[0])}; got {lambdas.Count}).");
        int n = (int)weight.shape[^1];
        if (kind is SpatialPenalty.Distance or SpatialPenalty.Sernn)
        {
            Rules.Require(distances is not null, "Grid", "is needed by a distance penalty.");
            Rules.Require(distances!.GetLength(0) == n && distances.GetLength(1) == n, "Grid",
                $"has {distances.GetLength(0)} units but the hidden layer has {n}.");
            this.distances = tensor(distances, dtype: weight.dtype, device: weight.device);
        }
        Kind = kind; Lambda = lambdas[0]; Lambdas = lambdas.ToArray(); Layout = layout; Detach = detach; Power = power;
        if (!single) strengths = tensor(lambdas.ToArray(), dtype: weight.dtype, device: weight.device);
        this.weight = weight;
    }

    /// <summary>The penalty's kind.</summary>
    public SpatialPenalty Kind { get; }
    /// <summary>Its strength λ (of the first matrix of a stack).</summary>
    public double Lambda { get; }
    /// <summary>The strength of every matrix.</summary>
    public IReadOnlyList<double> Lambdas { get; }
    /// <summary>The layout of the regularised matrix.</summary>
    public WeightLayout Layout { get; }
    /// <summary>Whether C is a constant of the step (no gradient through the exponential).</summary>
    public bool Detach { get; }
    /// <summary>The elementwise power of C (1 in the paper).</summary>
    public double Power { get; }

    /// <summary>λ Σ W ∘ C^p ∘ D (the terms the kind has), a scalar with gradients for the weight; Σ_k λ_k Σ W_k ∘ … over a stack.</summary>
    public Tensor Penalty()
    {
        using var scope = NewDisposeScope();
        return PerMatrix().sum().MoveToOuterDisposeScope();
    }

    /// <summary>Each matrix's penalty λ_k Σ W_k ∘ C_k^p ∘ D: a scalar for one matrix, [K] for a stack.</summary>
    public Tensor PerMatrix()
    {
        using var scope = NewDisposeScope();
        var w = Layout == WeightLayout.FromRowToColumn ? weight.abs() : weight.transpose(-1, -2).abs();
        var term = w;
        if (Kind is SpatialPenalty.Communicability or SpatialPenalty.Sernn)
        {
            var c = Detach ? Communicability(w.detach()) : Communicability(w);
            term = term * (Power == 1 ? c : c.pow(Power));
        }
        if (Kind is SpatialPenalty.Distance or SpatialPenalty.Sernn) term = term * distances!;
        var sums = term.sum([-2, -1]);
        return (strengths is null ? Lambda * sums : strengths * sums).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Weighted communicability (Crofts &amp; Higham 2009) of W ≥ 0 in the Keras orientation: expm(S W S) with
    /// S = diag(s^-½), s_i = Σ_j W_ij (row sums, floored at <see cref="MinStrength"/>), diagonal zeroed; differentiable (<see cref="MatrixExponential"/>).
    /// A stack [K, N, N] gives the K communicabilities.
    /// </summary>
    public static Tensor Communicability(Tensor w)
    {
        using var scope = NewDisposeScope();
        var s = w.sum(-1).clamp_min(MinStrength).rsqrt();
        var c = MatrixExponential.Of(s.unsqueeze(-1) * w * s.unsqueeze(-2));   // Padé forward, Fréchet-derivative backward, batched
        var off = ones(c.shape[^2], c.shape[^1], dtype: c.dtype, device: c.device) - eye(c.shape[^1], dtype: c.dtype, device: c.device);
        return (c * off).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void AfterStep() { }

    /// <inheritdoc/>
    public void Reinitialize(ulong seed) { }

    /// <inheritdoc/>
    public void Dispose() { distances?.Dispose(); strengths?.Dispose(); }
}
