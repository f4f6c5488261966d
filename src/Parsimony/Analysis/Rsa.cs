using MathNet.Numerics.LinearAlgebra;

namespace Parsimony.Analysis;

/// <summary>
/// Representational similarity analysis: Euclidean representational dissimilarity matrices (RDMs) of item × feature
/// activity, and the regression of a data RDM on model RDMs (each lower triangle, diagonal excluded, z-scored; the
/// betas are the ordinary least-squares weights of the z-scored models, with no intercept since every column has mean 0).
/// </summary>
public static class Rsa
{
    /// <summary>The n × n Euclidean distances between the rows of <paramref name="rows"/> (row-major n × <paramref name="features"/>).</summary>
    public static double[,] EuclideanRdm(ReadOnlySpan<double> rows, int features)
    {
        Rules.Require(features > 0 && rows.Length % features == 0, nameof(features), $"must divide the number of values ({rows.Length}; got {features}).");
        int n = rows.Length / features;
        var d = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < a; b++)
            {
                double sum = 0;
                for (int f = 0; f < features; f++)
                {
                    double x = rows[a * features + f] - rows[b * features + f];
                    sum += x * x;
                }
                d[a, b] = d[b, a] = Math.Sqrt(sum);
            }
        return d;
    }

    /// <summary>The strict lower triangle of a square matrix, row by row.</summary>
    public static double[] LowerTriangle(double[,] m)
    {
        int n = m.GetLength(0);
        var v = new double[n * (n - 1) / 2];
        int k = 0;
        for (int a = 1; a < n; a++) for (int b = 0; b < a; b++) v[k++] = m[a, b];
        return v;
    }

    /// <summary>Values minus their mean over their (population) standard deviation; all zeros when constant.</summary>
    public static double[] ZScore(double[] v)
    {
        double mean = v.Average();
        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
        return v.Select(x => sd > 0 ? (x - mean) / sd : 0).ToArray();
    }

    /// <summary>
    /// OLS betas of the z-scored lower triangle of <paramref name="data"/> on the z-scored lower triangles of
    /// <paramref name="models"/> (one beta per model, in order), solved by QR.
    /// </summary>
    public static double[] Regress(double[,] data, IReadOnlyList<double[,]> models)
    {
        Rules.Require(models.Count > 0, nameof(models), "must hold at least one model RDM.");
        foreach (var m in models)
            Rules.Require(m.GetLength(0) == data.GetLength(0) && m.GetLength(1) == data.GetLength(1), nameof(models), "must have the data RDM's size.");
        var y = Vector<double>.Build.DenseOfArray(ZScore(LowerTriangle(data)));
        var x = Matrix<double>.Build.DenseOfColumnArrays(models.Select(m => ZScore(LowerTriangle(m))));
        return x.QR().Solve(y).ToArray();
    }
}
