using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;

namespace Parsimony.Information;

/// <summary>
/// The eigenpair of largest magnitude of a symmetric matrix, or of the symmetric part ½(A + Aᵀ) of any square matrix
/// (without forming it), by Lanczos iteration with full re-orthogonalisation: a few dozen matrix–vector products
/// instead of a full O(N³) decomposition (500 cells: ~5 ms instead of ~200 ms). The start
/// vector is a fixed pseudo-random positive vector (deterministic results); iteration stops when the Ritz residual
/// β·|y_last| falls below 1e-13·|θ|, at an invariant subspace (β below 1e-13·‖A‖), or after N steps, where the result is exact.
/// </summary>
internal static class LeadingEigenpair
{
    const double Tolerance = 1e-13;

    /// <summary>The leading eigenpair of ½(<paramref name="a"/> + <paramref name="a"/>ᵀ), read in place.</summary>
    public static (double Value, double[] Vector) Of(double[,] a)
    {
        int n = a.GetLength(0);
        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var rng = new Random(12345);
        var q = Enumerable.Range(0, n).Select(_ => 1 + rng.NextDouble()).ToArray();
        TensorPrimitives.Divide(q, TensorPrimitives.Norm(q), q);
        var w = new double[n];
        bool symmetric = IsSymmetric(a);
        var transposed = symmetric ? null : new double[n];
        double scale = 0;                              // Gershgorin bound of the tridiagonal matrix ≈ ‖A‖
        for (int step = 0; ; step++)
        {
            basis.Add(q);
            Multiply(a, symmetric, q, w, transposed);
            alpha.Add(TensorPrimitives.Dot(w, q));
            for (int pass = 0; pass < 2; pass++)       // twice is enough (Kahan–Parlett)
                foreach (var v in basis) TensorPrimitives.MultiplyAdd(v, -TensorPrimitives.Dot(w, v), w, w);
            double b = TensorPrimitives.Norm(w);
            scale = Math.Max(scale, Math.Abs(alpha[^1]) + b + (beta.Count > 0 ? beta[^1] : 0));
            bool last = step + 1 == n || b <= Tolerance * scale;
            if (last || (step + 1) % 5 == 0)
            {
                var (theta, y) = LeadingRitzPair(alpha, beta);
                if (last || b * Math.Abs(y[^1]) <= Tolerance * Math.Abs(theta))
                {
                    var x = new double[n];
                    for (int k = 0; k < basis.Count; k++) TensorPrimitives.MultiplyAdd(basis[k], y[k], x, x);
                    TensorPrimitives.Divide(x, TensorPrimitives.Norm(x), x);
                    return (theta, x);
                }
            }
            beta.Add(b);
            q = new double[n];
            TensorPrimitives.Divide(w, b, q);
        }
    }

    static ReadOnlySpan<double> Row(double[,] a, int i, int n) => MemoryMarshal.CreateReadOnlySpan(ref a[i, 0], n);

    static bool IsSymmetric(double[,] a)
    {
        int n = a.GetLength(0);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (a[i, j] != a[j, i]) return false;
        return true;
    }

    /// <summary>w = A·q, or ½(A + Aᵀ)·q = ½(A·q + Σ_i q_i·row_i) for a matrix that is not symmetric (<paramref name="transposed"/>: scratch).</summary>
    static void Multiply(double[,] a, bool symmetric, double[] q, double[] w, double[]? transposed)
    {
        int n = q.Length;
        for (int i = 0; i < n; i++) w[i] = TensorPrimitives.Dot(Row(a, i, n), q);
        if (symmetric) return;
        Array.Clear(transposed!);
        for (int i = 0; i < n; i++) TensorPrimitives.MultiplyAdd(Row(a, i, n), q[i], transposed, transposed);
        TensorPrimitives.Add(w, transposed, w);
        TensorPrimitives.Multiply(w, 0.5, w);
    }

    /// <summary>The eigenpair of largest |θ| of the tridiagonal Lanczos matrix.</summary>
    static (double Theta, double[] Y) LeadingRitzPair(List<double> alpha, List<double> beta)
    {
        int m = alpha.Count;
        var t = Matrix<double>.Build.Dense(m, m, (i, j) => i == j ? alpha[i] : Math.Abs(i - j) == 1 ? beta[Math.Min(i, j)] : 0);
        var evd = t.Evd(Symmetricity.Symmetric);
        int lead = 0;
        for (int i = 1; i < m; i++) if (Math.Abs(evd.EigenValues[i].Real) > Math.Abs(evd.EigenValues[lead].Real)) lead = i;
        return (evd.EigenValues[lead].Real, evd.EigenVectors.Column(lead).ToArray());
    }
}
