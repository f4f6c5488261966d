using Parsimony.Analysis;

namespace Parsimony.Tests.Analysis;

/// <summary>Kernel distance, relative change and kernel–target alignment against hand-computed values.</summary>
public class KernelComparisonTests
{
    static readonly double[] Identity = [1, 0, 0, 1];
    static readonly double[] Ones = [1, 1, 1, 1];

    [Fact]
    public void DistanceIsZeroForMultiplesAndMatchesAHandCase()
    {
        Assert.Equal(0, KernelComparison.Distance(Ones, Ones.Select(v => 3 * v).ToArray()), 14);
        Assert.Equal(1, KernelComparison.Distance(Identity, [0, 1, 1, 0]), 14);                // orthogonal kernels
        Assert.Equal(1 - 1 / Math.Sqrt(2), KernelComparison.Distance(Identity, Ones), 14);     // ⟨I, 11ᵀ⟩ = 2, ‖I‖ = √2, ‖11ᵀ‖ = 2
        Assert.True(double.IsNaN(KernelComparison.Distance(Identity, new double[4])));
    }

    [Fact]
    public void RelativeChangeAndAlignmentMatchHandCases()
    {
        Assert.Equal(1, KernelComparison.RelativeChange(Identity, [2, 0, 0, 2]), 14);
        Assert.Equal(Math.Sqrt(2.0 / 2), KernelComparison.RelativeChange(Identity, Ones), 14);  // ‖11ᵀ − I‖ = √2 over √2
        double[] y = [2, -1];
        Assert.Equal(1, KernelComparison.Alignment([4, -2, -2, 1], y), 14);                     // y yᵀ
        Assert.Equal(1 / Math.Sqrt(2), KernelComparison.Alignment(Identity, y), 14);             // ‖y‖² / (√n ‖y‖²)
        Assert.Throws<OptionException>(() => KernelComparison.Alignment([1, 2, 3], y));
    }
}
