using System.Numerics.Tensors;

namespace Parsimony.Information;

/// <summary>Per-cell quantities every pair needs, computed once: mean rate, Skaggs information, √ and log2 of the rates, z-scores.</summary>
internal sealed class CellStats
{
    public CellStats(ReadOnlySpan<double> rates, ReadOnlySpan<double> p, InfoConvention convention = InfoConvention.Exact)
    {
        Rates = rates.ToArray();
        Mean = TensorPrimitives.Dot(rates, p);
        Skaggs = Information.Skaggs.Compute(rates, p, convention);
        Sqrt = new double[rates.Length];
        TensorPrimitives.Sqrt(rates, Sqrt);
        SafeLog2 = new double[rates.Length];
        for (int x = 0; x < rates.Length; x++) SafeLog2[x] = rates[x] > 0 ? Math.Log2(rates[x]) : 0;
        // Unweighted Pearson: centre and scale to unit norm over the bins, so r is a dot product.
        Z = new double[rates.Length];
        double average = TensorPrimitives.Average(rates);
        TensorPrimitives.Subtract(rates, average, Z);
        double norm = TensorPrimitives.Norm(Z);
        IsConstant = norm <= 1e-12 * Math.Max(1, Math.Abs(average)) * Math.Sqrt(rates.Length);
        if (!IsConstant) TensorPrimitives.Divide(Z, norm, Z);
    }

    public double[] Rates { get; }
    public double Mean { get; }
    public SkaggsInformation Skaggs { get; }
    public double[] Sqrt { get; }
    public double[] SafeLog2 { get; }
    public double[] Z { get; }
    public bool IsConstant { get; }

    /// <summary>Pearson r; a constant cell has r := 1 with itself and r := 0 with any other cell.</summary>
    public static double Correlation(CellStats a, CellStats b, bool same) =>
        same ? 1 : a.IsConstant || b.IsConstant ? 0 : Math.Clamp(TensorPrimitives.Dot(a.Z, b.Z), -1, 1);
}
