using MathNet.Numerics.LinearAlgebra;

namespace Parsimony.Models.Olfaction;

/// <summary>
/// Non-negative least squares, min ‖A x − b‖₂ subject to x ≥ 0, by the Lawson–Hanson active-set method (Lawson &amp;
/// Hanson, <i>Solving Least Squares Problems</i>, 1974, ch. 23): variables move into the passive set one at a time by
/// the largest positive gradient component, each passive subproblem is solved by QR, and a step that would turn a
/// passive variable negative is shortened to the boundary and that variable leaves. Math.NET has no NNLS of its own.
/// Float64, deterministic.
/// </summary>
public static class Nnls
{
    /// <summary>The solution x ≥ 0 of min ‖A x − b‖₂ (A is m × n, row-major as <c>a[row, column]</c>).</summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        if (b.Length != m) throw new ArgumentException($"b has {b.Length} entries for {m} rows.", nameof(b));
        var x = new double[n];
        if (n == 0 || m == 0) return x;
        var passive = new bool[n];
        double scale = 0;
        foreach (var v in a) scale = Math.Max(scale, Math.Abs(v));
        double tolerance = 10 * 2.220446049250313e-16 * Math.Max(m, n) * scale * Math.Max(Norm(b), 1e-300);   // a gradient entry below it counts as 0
        var w = Gradient(a, b, x);
        for (int outer = 0; outer < 3 * n; outer++)
        {
            int enter = -1;
            for (int j = 0; j < n; j++)
                if (!passive[j] && w[j] > tolerance && (enter < 0 || w[j] > w[enter])) enter = j;
            if (enter < 0) break;
            passive[enter] = true;
            while (true)
            {
                var z = SolvePassive(a, b, passive);
                bool feasible = true;
                for (int j = 0; j < n; j++) if (passive[j] && z[j] <= 0) { feasible = false; break; }
                if (feasible) { Array.Copy(z, x, n); break; }
                double alpha = double.PositiveInfinity;
                int leave = -1;
                for (int j = 0; j < n; j++)
                    if (passive[j] && z[j] <= 0 && x[j] / (x[j] - z[j]) < alpha) { alpha = x[j] / (x[j] - z[j]); leave = j; }
                for (int j = 0; j < n; j++)
                {
                    if (!passive[j]) continue;
                    x[j] += alpha * (z[j] - x[j]);
                    if (j == leave || x[j] <= 0)   // the variable that reached the boundary leaves (exactly 0, so the loop always progresses)
                    {
                        x[j] = 0;
                        passive[j] = false;
                    }
                }
                if (!passive.Any(p => p)) break;
            }
            w = Gradient(a, b, x);
        }
        return x;
    }

    /// <summary>The gradient direction Aᵀ(b − A x) (the KKT multipliers: ≤ 0 where x = 0, 0 where x &gt; 0 at the optimum).</summary>
    public static double[] Gradient(double[,] a, double[] b, double[] x)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var residual = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = b[i];
            for (int j = 0; j < n; j++) s -= a[i, j] * x[j];
            residual[i] = s;
        }
        var w = new double[n];
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < m; i++) s += a[i, j] * residual[i];
            w[j] = s;
        }
        return w;
    }

    /// <summary>Unconstrained least squares over the passive columns (zeros elsewhere), by QR (SVD when the columns outnumber the rows).</summary>
    static double[] SolvePassive(double[,] a, double[] b, bool[] passive)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var columns = Enumerable.Range(0, n).Where(j => passive[j]).ToArray();
        var sub = Matrix<double>.Build.Dense(m, columns.Length, (i, k) => a[i, columns[k]]);
        var rhs = Vector<double>.Build.DenseOfArray(b);
        var solution = columns.Length <= m ? sub.QR().Solve(rhs) : sub.Svd().Solve(rhs);
        var z = new double[n];
        for (int k = 0; k < columns.Length; k++) z[columns[k]] = solution[k];
        return z;
    }

    static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
}
