using MathNet.Numerics.LinearAlgebra;

namespace Parsimony.Information;

/// <summary>The spectral-stimulus information of a population.</summary>
/// <param name="Lambda1">SSI: the eigenvalue of largest magnitude of the symmetrised matrix (returned as |λ₁|, as the authors' code).</param>
/// <param name="Weights">Its unit eigenvector, signed so its entries sum to ≥ 0: each cell's weight in the population code.</param>
/// <param name="Eigenvalues">All eigenvalues, largest first.</param>
public sealed record SsiResult(double Lambda1, double[] Weights, double[] Eigenvalues);

/// <summary>
/// Spectral-stimulus information (Deighton et al.): the leading eigenvalue of the stimulus information matrix. For N
/// disjoint fields of equal information I it is (2N−1)·I; for N identical cells N·I; for untuned cells 0.
/// </summary>
public static class Ssi
{
    /// <summary>SSI of the per-spike matrix of <paramref name="matrix"/>.</summary>
    public static SsiResult Compute(StimulusInformationMatrix matrix) => Compute(matrix.BitsPerSpike);

    /// <summary>SSI of any square matrix, symmetrised as ½(J + Jᵀ) first.</summary>
    public static SsiResult Compute(double[,] j)
    {
        int n = j.GetLength(0);
        if (n == 0 || j.GetLength(1) != n) throw new ArgumentException("The information matrix must be square and non-empty.");
        var m = Matrix<double>.Build.Dense(n, n, (a, b) => 0.5 * (j[a, b] + j[b, a]));
        var evd = m.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(c => c.Real).ToArray();
        int lead = 0;
        for (int i = 1; i < n; i++) if (Math.Abs(values[i]) > Math.Abs(values[lead])) lead = i;
        var v = evd.EigenVectors.Column(lead).ToArray();
        if (v.Sum() < 0) for (int i = 0; i < n; i++) v[i] = -v[i];
        return new SsiResult(Math.Abs(values[lead]), v, values.OrderDescending().ToArray());
    }
}
