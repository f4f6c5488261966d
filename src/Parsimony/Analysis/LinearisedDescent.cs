using MathNet.Numerics.LinearAlgebra;

namespace Parsimony.Analysis;

/// <summary>
/// Training of a model linearised around its initial parameters (the neural-tangent-kernel regime), in the continuous
/// limit of full-batch gradient descent on the summed loss ½ Σ e²: with the kernel Θ of the initial parameters the
/// residuals e = ŷ − y follow e(t) = exp(−η Θ t) e_0 after t steps of learning rate η (spec neuro_models.md §D.5.5,
/// u(t) = u_0 exp(−H t)), computed over the eigenpairs Θ = Q Λ Qᵀ. Gradient flow, not the discrete steps: it stays finite
/// when η λ_max > 2, where the discrete linearised iteration (I − ηΘ)^t would diverge.
/// </summary>
public static class LinearisedDescent
{
    /// <summary>The loss ½ ‖e(t)‖² at each of <paramref name="steps"/>.</summary>
    /// <param name="kernel">Θ (items × items, row-major, symmetric positive semi-definite).</param>
    /// <param name="residuals">e_0, one per item.</param>
    /// <param name="learningRate">η, which turns steps into time.</param>
    /// <param name="steps">The steps t at which to give the loss (0 gives ½ ‖e_0‖²).</param>
    public static double[] Loss(double[] kernel, double[] residuals, double learningRate, IReadOnlyList<int> steps)
    {
        int n = residuals.Length;
        Rules.Require(n > 0 && kernel.Length == n * n, nameof(kernel), $"must be a square matrix with one row per residual ({n}; got {kernel.Length} values).");
        Rules.Positive(learningRate, nameof(learningRate));
        Rules.Require(steps.All(t => t >= 0), nameof(steps), "must be steps ≥ 0.");
        var evd = Matrix<double>.Build.DenseOfRowMajor(n, n, kernel).Evd(Symmetricity.Symmetric);
        var projected = evd.EigenVectors.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(residuals));   // Qᵀ e_0
        var rates = evd.EigenValues.Select(l => Math.Max(l.Real, 0) * learningRate).ToArray();                   // clip round-off below 0
        return steps.Select(t => 0.5 * Enumerable.Range(0, n).Sum(k => Math.Exp(-2 * rates[k] * t) * projected[k] * projected[k])).ToArray();
    }
}
