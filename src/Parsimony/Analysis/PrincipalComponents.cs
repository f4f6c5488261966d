using MathNet.Numerics.LinearAlgebra;

namespace Parsimony.Analysis;

/// <summary>Singular value decompositions of an item × feature activity matrix (row-major), float64.</summary>
public static class PrincipalComponents
{
    /// <summary>
    /// The first <paramref name="components"/> principal-component scores of the rows (after removing the column
    /// means), items × components row-major; equal to classical MDS of the rows' Euclidean distances. Each component's
    /// sign is fixed so that its largest-magnitude loading is positive.
    /// </summary>
    public static double[] Scores(double[] rows, int features, int components)
    {
        var m = Build(rows, features);
        var means = m.ColumnSums() / m.RowCount;
        var centred = m - Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (_, j) => means[j]);
        var svd = centred.Svd(computeVectors: true);
        int k = Math.Min(components, Math.Min(m.RowCount, m.ColumnCount));
        var scores = new double[m.RowCount * components];
        for (int c = 0; c < k; c++)
        {
            var v = svd.VT.Row(c);
            double sign = v[v.AbsoluteMaximumIndex()] < 0 ? -1 : 1;
            for (int i = 0; i < m.RowCount; i++) scores[i * components + c] = sign * svd.U[i, c] * svd.S[c];
        }
        return scores;
    }

    /// <summary>The singular values of the rows as they are (not centred), largest first.</summary>
    public static double[] SingularValues(double[] rows, int features) => Build(rows, features).Svd(computeVectors: false).S.ToArray();

    /// <summary>Normalised eigenvalues s² / Σ s² (the scree) from singular values.</summary>
    public static double[] Scree(double[] singularValues)
    {
        double total = singularValues.Sum(s => s * s);
        return singularValues.Select(s => total > 0 ? s * s / total : 0).ToArray();
    }

    /// <summary>The rank-<paramref name="rank"/> reconstruction of the rows (not centred) from their leading singular triplets.</summary>
    public static double[] LowRank(double[] rows, int features, int rank)
    {
        var m = Build(rows, features);
        var svd = m.Svd(computeVectors: true);
        int k = Math.Min(rank, svd.S.Count);
        var u = svd.U.SubMatrix(0, m.RowCount, 0, k);
        var s = Matrix<double>.Build.DiagonalOfDiagonalArray(svd.S.SubVector(0, k).ToArray());
        var vt = svd.VT.SubMatrix(0, k, 0, m.ColumnCount);
        return (u * s * vt).ToRowMajorArray();
    }

    static Matrix<double> Build(double[] rows, int features)
    {
        Rules.Require(features > 0 && rows.Length > 0 && rows.Length % features == 0, nameof(features), $"must divide the number of values ({rows.Length}; got {features}).");
        return Matrix<double>.Build.DenseOfRowMajor(rows.Length / features, features, rows);
    }
}
