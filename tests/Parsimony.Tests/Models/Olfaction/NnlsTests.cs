using CsCheck;
using Parsimony.Models.Olfaction;

namespace Parsimony.Tests.Models.Olfaction;

/// <summary>The Lawson–Hanson NNLS against hand-solved problems, the KKT conditions and brute force over every active set.</summary>
public class NnlsTests
{
    [Fact]
    public void AFeasibleLeastSquaresSolutionIsReturnedUnchanged()
    {
        double[,] a = { { 1, 0 }, { 0, 2 }, { 1, 1 } };
        double[] b = { 1, 4, 3 };                                 // x = (1, 2) solves it exactly
        var x = Nnls.Solve(a, b);
        Assert.Equal(1, x[0], 12);
        Assert.Equal(2, x[1], 12);
    }

    [Fact]
    public void ANegativeUnconstrainedComponentIsClampedAndTheRestRefitted()
    {
        double[,] a = { { 1, 0 }, { 0, 1 } };
        var x = Nnls.Solve(a, [-1, 3]);                           // min (x0 + 1)² + (x1 − 3)², x ≥ 0: (0, 3)
        Assert.Equal([0.0, 3.0], x);
        double[,] coupled = { { 1, 1 }, { 1, -1 }, { 0, 1 } };
        var y = Nnls.Solve(coupled, [0, 2, -1]);                  // unconstrained (1, −1) → x1 = 0, x0 = 1 (the mean of 0 and 2)
        Assert.Equal(1, y[0], 12);
        Assert.Equal(0, y[1]);
    }

    /// <summary>Entries on a grid of 0.1 in [−3, 3] (exact zeros, ties and rank-deficient matrices included; no denormal scales).</summary>
    static readonly Gen<double> Entry = Gen.Int[-30, 30].Select(i => i / 10.0);

    static readonly Gen<(double[,] A, double[] B)> Problems =
        Gen.Int[1, 6].SelectMany(m => Gen.Int[1, 6].SelectMany(n =>
            Entry.Array[m * n].Select(Entry.Array[m], (flat, b) =>
            {
                var a = new double[m, n];
                for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a[i, j] = flat[i * n + j];
                return (a, b);
            })));

    [Fact]
    public void TheSolutionMeetsTheKktConditions()
    {
        Problems.Sample(p =>
        {
            var x = Nnls.Solve(p.A, p.B);
            var w = Nnls.Gradient(p.A, p.B, x);
            return x.All(v => v >= 0) && x.Zip(w).All(t => t.First > 0 ? Math.Abs(t.Second) < 1e-8 : t.Second < 1e-8);
        }, iter: 2000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void TheResidualIsTheSmallestOverEveryActiveSet()
    {
        Problems.Sample(p =>
        {
            int n = p.A.GetLength(1);
            double best = double.PositiveInfinity;
            for (int mask = 0; mask < 1 << n; mask++)      // brute force: the least-squares fit on each support, kept when feasible
            {
                var cols = Enumerable.Range(0, n).Where(j => (mask >> j & 1) == 1).ToArray();
                var x = new double[n];
                if (cols.Length > 0)
                {
                    var sub = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p.B.Length, cols.Length, (i, k) => p.A[i, cols[k]]);
                    var z = sub.Svd().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(p.B));
                    if (z.Any(v => v < 0)) continue;
                    for (int k = 0; k < cols.Length; k++) x[cols[k]] = z[k];
                }
                if (x.All(double.IsFinite)) best = Math.Min(best, Residual(p.A, p.B, x));
            }
            return Residual(p.A, p.B, Nnls.Solve(p.A, p.B)) <= best + 1e-9;
        }, iter: 1000, seed: "0N0XIzNsQ0O2");
    }

    static double Residual(double[,] a, double[] b, double[] x) =>
        Enumerable.Range(0, b.Length).Sum(i => Math.Pow(b[i] - Enumerable.Range(0, x.Length).Sum(j => a[i, j] * x[j]), 2));
}
