namespace Parsimony.Analysis;

/// <summary>
/// Comparisons of square kernel (Gram) matrices over the same items, row-major, float64: how far a kernel moved during
/// training and how well it is aligned with a target.
/// </summary>
public static class KernelComparison
{
    /// <summary>
    /// The kernel distance 1 − ⟨A, B⟩_F / (‖A‖_F ‖B‖_F) (Fort et al. 2020): 0 when one kernel is a positive multiple of the
    /// other, up to 2; NaN when either is zero.
    /// </summary>
    public static double Distance(double[] a, double[] b)
    {
        Check(a, b.Length);
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
        return aa > 0 && bb > 0 ? 1 - ab / Math.Sqrt(aa * bb) : double.NaN;
    }

    /// <summary>The relative change ‖B − A‖_F / ‖A‖_F of kernel <paramref name="b"/> from <paramref name="a"/>; NaN when A is zero.</summary>
    public static double RelativeChange(double[] a, double[] b)
    {
        Check(a, b.Length);
        double diff = 0, aa = 0;
        for (int i = 0; i < a.Length; i++) { diff += (b[i] - a[i]) * (b[i] - a[i]); aa += a[i] * a[i]; }
        return aa > 0 ? Math.Sqrt(diff / aa) : double.NaN;
    }

    /// <summary>
    /// The kernel–target alignment yᵀ K y / (‖K‖_F ‖y‖²) (Cristianini et al. 2002), in [−1, 1]: 1 when K is a positive
    /// multiple of y yᵀ; NaN when K or y is zero.
    /// </summary>
    public static double Alignment(double[] kernel, double[] target)
    {
        Check(kernel, target.Length * target.Length);
        int n = target.Length;
        double quadratic = 0, kk = 0, yy = 0;
        for (int i = 0; i < n; i++)
        {
            yy += target[i] * target[i];
            for (int j = 0; j < n; j++)
            {
                quadratic += target[i] * kernel[i * n + j] * target[j];
                kk += kernel[i * n + j] * kernel[i * n + j];
            }
        }
        return kk > 0 && yy > 0 ? quadratic / (Math.Sqrt(kk) * yy) : double.NaN;
    }

    static void Check(double[] kernel, int length)
    {
        int n = (int)Math.Round(Math.Sqrt(kernel.Length));
        Rules.Require(n > 0 && n * n == kernel.Length && kernel.Length == length, nameof(kernel),
            $"must be a square matrix matching the other operand (got {kernel.Length} values against {length}).");
    }
}
