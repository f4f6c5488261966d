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
/// <c>detach</c> is set (the PyTorch spiking demo).
/// </summary>
public sealed class SpatialRegularizer : IRegularizer
{
    /// <summary>The floor of a unit's strength in the normalisation (the original divides by zero at s = 0).</summary>
    public const double MinStrength = 1e-4;

    readonly Tensor weight;
    readonly Tensor? distances;

    /// <summary>
    /// A regularizer of <paramref name="kind"/> with strength <paramref name="lambda"/> over <paramref name="weight"/>
    /// (N × N, in <paramref name="layout"/>); <paramref name="distances"/> (N × N) are needed by the distance kinds.
    /// </summary>
    public SpatialRegularizer(SpatialPenalty kind, double lambda, Tensor weight, WeightLayout layout, double[,]? distances,
                              bool detach = false, double power = 1)
    {
        Rules.NonNegative(lambda, "Lambda");
        Rules.Positive(power, "CommsPower");
        Rules.Require(weight.dim() == 2 && weight.shape[0] == weight.shape[1], "Hidden", $"needs a square recurrent matrix (got [{string.Join(", ", weight.shape)}]).");
        int n = (int)weight.shape[0];
        if (kind is SpatialPenalty.Distance or SpatialPenalty.Sernn)
        {
            Rules.Require(distances is not null, "Grid", "is needed by a distance penalty.");
            Rules.Require(distances!.GetLength(0) == n && distances.GetLength(1) == n, "Grid",
                $"has {distances.GetLength(0)} units but the hidden layer has {n}.");
            this.distances = tensor(distances, dtype: weight.dtype, device: weight.device);
        }
        Kind = kind; Lambda = lambda; Layout = layout; Detach = detach; Power = power;
        this.weight = weight;
    }

    /// <summary>The penalty's kind.</summary>
    public SpatialPenalty Kind { get; }
    /// <summary>Its strength λ.</summary>
    public double Lambda { get; }
    /// <summary>The layout of the regularised matrix.</summary>
    public WeightLayout Layout { get; }
    /// <summary>Whether C is a constant of the step (no gradient through the exponential).</summary>
    public bool Detach { get; }
    /// <summary>The elementwise power of C (1 in the paper).</summary>
    public double Power { get; }

    /// <summary>λ Σ W ∘ C^p ∘ D (the terms the kind has), a scalar with gradients for the weight.</summary>
    public Tensor Penalty()
    {
        using var scope = NewDisposeScope();
        var w = Layout == WeightLayout.FromRowToColumn ? weight.abs() : weight.t().abs();
        var term = w;
        if (Kind is SpatialPenalty.Communicability or SpatialPenalty.Sernn)
        {
            var c = Detach ? Communicability(w.detach()) : Communicability(w);
            term = term * (Power == 1 ? c : c.pow(Power));
        }
        if (Kind is SpatialPenalty.Distance or SpatialPenalty.Sernn) term = term * distances!;
        return (Lambda * term.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Weighted communicability (Crofts &amp; Higham 2009) of W ≥ 0 in the Keras orientation: expm(S W S) with
    /// S = diag(s^-½), s_i = Σ_j W_ij (row sums, floored at <see cref="MinStrength"/>), diagonal zeroed; differentiable.
    /// </summary>
    public static Tensor Communicability(Tensor w)
    {
        using var scope = NewDisposeScope();
        var s = w.sum(1).clamp_min(MinStrength).rsqrt();
        var c = (s.unsqueeze(1) * w * s.unsqueeze(0)).matrix_exp();   // libtorch's Padé scaling-and-squaring, differentiable
        var off = ones_like(c) - eye(c.shape[0], dtype: c.dtype, device: c.device);
        return (c * off).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void AfterStep() { }

    /// <inheritdoc/>
    public void Reinitialize(ulong seed) { }

    /// <inheritdoc/>
    public void Dispose() => distances?.Dispose();
}
