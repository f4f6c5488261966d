using MathNet.Numerics.LinearAlgebra;

namespace Parsimony.Information;

/// <summary>The spectral-stimulus information of a population.</summary>
/// <param name="Lambda1">SSI: the eigenvalue of largest magnitude of the symmetrised matrix (returned as |λ₁|, as the authors' code).</param>
/// <param name="Weights">Its unit eigenvector, signed so its entries sum to ≥ 0: each cell's weight in the population code.</param>
public sealed record SsiResult(double Lambda1, double[] Weights);

/// <summary>
/// Spectral-stimulus information (Deighton et al.): the leading eigenvalue of the stimulus information matrix. For N
/// disjoint fields of equal information I it is (2N−1)·I; for N identical cells N·I; for untuned cells 0.
/// </summary>
public static class Ssi
{
    /// <summary>SSI of the per-spike matrix of <paramref name="matrix"/>.</summary>
    public static SsiResult Compute(StimulusInformationMatrix matrix) => Compute(matrix.BitsPerSpike);

    /// <summary>SSI of any square matrix, symmetrised as ½(J + Jᵀ) (Lanczos on the matrix in place: no copy, no full decomposition).</summary>
    public static SsiResult Compute(double[,] j)
    {
        CheckSquare(j);
        var (value, v) = LeadingEigenpair.Of(j);
        if (v.Sum() < 0) for (int i = 0; i < v.Length; i++) v[i] = -v[i];
        return new SsiResult(Math.Abs(value), v);
    }

    /// <summary>All eigenvalues of ½(J + Jᵀ), largest first (a full O(N³) decomposition).</summary>
    public static double[] Spectrum(double[,] j) =>
        Matrix<double>.Build.DenseOfArray(Symmetrised(j)).Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).OrderDescending().ToArray();

    static void CheckSquare(double[,] j)
    {
        if (j.GetLength(0) == 0 || j.GetLength(1) != j.GetLength(0)) throw new ArgumentException("The information matrix must be square and non-empty.");
    }

    static double[,] Symmetrised(double[,] j)
    {
        CheckSquare(j);
        int n = j.GetLength(0);
        var s = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) s[a, b] = 0.5 * (j[a, b] + j[b, a]);
        return s;
    }
}
