namespace Parsimony.Analysis;

/// <summary>
/// Pattern-separation measures of a population's responses R (patterns × units, spec neuro_models.md §B.5): how many
/// units answer each pattern (sparsity), how many patterns each unit answers (selectivity), the cosine similarity of
/// every pair of pattern responses, the fractions of active patterns and units, and the optimisation objectives.
/// A response counts as active when it is non-zero (the model's activation has exact zeros).
/// </summary>
public sealed class PatternSeparation
{
    /// <summary>Number of patterns.</summary>
    public int Patterns { get; }

    /// <summary>Number of units.</summary>
    public int Units { get; }

    /// <summary>Active units per pattern.</summary>
    public int[] ActivePerPattern { get; }

    /// <summary>Patterns each unit answers.</summary>
    public int[] PatternsPerUnit { get; }

    /// <summary>Cosine similarity of every pair of responses; NaN where either response is all zero (the diagonal is 1 otherwise).</summary>
    public double[,] Similarity { get; }

    /// <summary>The responses' measures.</summary>
    public PatternSeparation(IReadOnlyList<double[]> responses)
    {
        Patterns = responses.Count;
        Units = Patterns == 0 ? 0 : responses[0].Length;
        ActivePerPattern = responses.Select(r => r.Count(v => v != 0)).ToArray();
        PatternsPerUnit = Enumerable.Range(0, Units).Select(u => responses.Count(r => r[u] != 0)).ToArray();
        Similarity = CosineSimilarity(responses);
    }

    /// <summary>Cosine similarity of every pair of rows; NaN where either row is all zero.</summary>
    public static double[,] CosineSimilarity(IReadOnlyList<double[]> rows)
    {
        int n = rows.Count;
        var norms = rows.Select(r => Math.Sqrt(r.Sum(v => v * v))).ToArray();
        var s = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b <= a; b++)
            {
                double value = norms[a] == 0 || norms[b] == 0
                    ? double.NaN
                    : System.Numerics.Tensors.TensorPrimitives.Dot<double>(rows[a], rows[b]) / (norms[a] * norms[b]);
                s[a, b] = s[b, a] = value;
            }
        return s;
    }

    /// <summary>Mean active units per pattern (total non-zeros / patterns).</summary>
    public double MeanSparsity => (double)ActivePerPattern.Sum() / Patterns;

    /// <summary>Mean patterns per unit (total non-zeros / units): equal to <see cref="MeanSparsity"/> when there are as many units as patterns.</summary>
    public double MeanSelectivity => (double)PatternsPerUnit.Sum() / Units;

    /// <summary>Mean cosine similarity over the pairs a &gt; b whose responses are both non-zero (NaN when there is none).</summary>
    public double MeanSimilarity
    {
        get
        {
            double sum = 0;
            int count = 0;
            for (int a = 0; a < Patterns; a++)
                for (int b = 0; b < a; b++)
                    if (!double.IsNaN(Similarity[a, b])) { sum += Similarity[a, b]; count++; }
            return count == 0 ? double.NaN : sum / count;
        }
    }

    /// <summary>Share of patterns with any active unit.</summary>
    public double FractionActivePatterns => (double)ActivePerPattern.Count(n => n > 0) / Patterns;

    /// <summary>Share of units active for any pattern.</summary>
    public double FractionActiveUnits => (double)PatternsPerUnit.Count(n => n > 0) / Units;

    /// <summary>
    /// The objective vector of the published optimisation (spec §B.5; each error divided by its range, squared, summed):
    /// sparsity (target 1 active unit per pattern, range 0.1), discriminability (target cosine 0 for every pair, range
    /// 0.1; a silent pattern's pairs count as similarity 1), selectivity (target 1 pattern per unit, range 0.1), and the
    /// fractions of active patterns and units (target 1, range 0.001).
    /// </summary>
    public Objectives Objectives()
    {
        double discriminability = 0;
        for (int a = 0; a < Patterns; a++)
            for (int b = 0; b < a; b++)
            {
                double s = double.IsNaN(Similarity[a, b]) ? 1 : Similarity[a, b];
                discriminability += s / 0.1 * (s / 0.1);
            }
        return new Objectives(
            ActivePerPattern.Sum(n => Math.Pow((1.0 - n) / 0.1, 2)),
            discriminability,
            PatternsPerUnit.Sum(n => Math.Pow((1.0 - n) / 0.1, 2)),
            Math.Pow((1 - FractionActivePatterns) / 0.001, 2),
            Math.Pow((1 - FractionActiveUnits) / 0.001, 2));
    }

    /// <summary>
    /// The two-sample Kolmogorov–Smirnov statistic D = sup |F_a − F_b| of two samples' empirical distributions (the
    /// figures' test between models), with its asymptotic p-value.
    /// </summary>
    public static (double D, double P) KolmogorovSmirnov(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] == v) i++;
            while (j < y.Length && y[j] == v) j++;
            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        double n = (double)x.Length * y.Length / (x.Length + y.Length);
        double lambda = (Math.Sqrt(n) + 0.12 + 0.11 / Math.Sqrt(n)) * d;
        double p = 0;
        for (int k = 1; k <= 100; k++) p += 2 * Math.Pow(-1, k - 1) * Math.Exp(-2 * k * k * lambda * lambda);
        return (d, Math.Clamp(d == 0 ? 1 : p, 0, 1));
    }
}

/// <summary>The objective vector of the published optimisation (each term a sum of squared, range-scaled errors).</summary>
/// <param name="Sparsity">Σ over patterns of ((1 − active units)/0.1)².</param>
/// <param name="Discriminability">Σ over pairs of (cosine/0.1)², silent patterns counting as cosine 1.</param>
/// <param name="Selectivity">Σ over units of ((1 − patterns answered)/0.1)².</param>
/// <param name="FractionActivePatterns">((1 − share of active patterns)/0.001)².</param>
/// <param name="FractionActiveUnits">((1 − share of active units)/0.001)².</param>
public sealed record Objectives(double Sparsity, double Discriminability, double Selectivity, double FractionActivePatterns, double FractionActiveUnits)
{
    /// <summary>The five terms summed (a scalar objective for single-objective searches).</summary>
    public double Total => Sparsity + Discriminability + Selectivity + FractionActivePatterns + FractionActiveUnits;
}
