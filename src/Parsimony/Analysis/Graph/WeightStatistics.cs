namespace Parsimony.Analysis.Graph;

/// <summary>Statistics of a weighted recurrent matrix and its embedding (spec neuro_models.md §A.6.1–2).</summary>
public static class WeightStatistics
{
    /// <summary>Σ_ij |w_ij|.</summary>
    public static double TotalWeight(double[,] w)
    {
        double s = 0;
        foreach (double v in w) s += Math.Abs(v);
        return s;
    }

    /// <summary>
    /// Pearson r between |w_ij| and the distance d_ij over the off-diagonal entries with |w_ij| &gt; 0 (self-connections
    /// are left out: their distance is always 0, which would bias every network towards a negative r). NaN with fewer
    /// than two such entries or no variance.
    /// </summary>
    public static double WeightDistanceCorrelation(double[,] w, double[,] d)
    {
        int n = w.GetLength(0);
        Rules.Require(d.GetLength(0) == n && d.GetLength(1) == w.GetLength(1), "Grid", $"has {d.GetLength(0)} units but the matrix has {n}.");
        var x = new List<double>(); var y = new List<double>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < w.GetLength(1); j++)
                if (i != j && w[i, j] != 0) { x.Add(Math.Abs(w[i, j])); y.Add(d[i, j]); }
        return Pearson(x, y);
    }

    /// <summary>Pearson correlation of two equally long samples; NaN with fewer than two points or a constant sample.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        if (n < 2) return double.NaN;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
