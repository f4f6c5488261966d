using System.Globalization;

namespace Parsimony.Reports;

/// <summary>Numbers as people read them in tables, labels and on the console.</summary>
public static class NumberFormat
{
    /// <summary>
    /// <paramref name="value"/> to <paramref name="digits"/> significant figures: whole numbers as they are, plain
    /// decimals between 10⁻³ and 10⁶, otherwise a power of ten (<c>5.53×10⁻⁶</c>); <c>NaN</c> and <c>∞</c> spelled out.
    /// </summary>
    public static string Significant(double value, int digits = 4)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        if (value == Math.Round(value) && Math.Abs(value) < 1e15) return value.ToString("0", CultureInfo.InvariantCulture);
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e6)
        {
            int decimals = Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(magnitude)));
            return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
        }
        int exponent = (int)Math.Floor(Math.Log10(magnitude));
        double mantissa = value / Math.Pow(10, exponent);
        return $"{Math.Round(mantissa, digits - 1).ToString("0." + new string('#', digits - 1), CultureInfo.InvariantCulture)}×10{Superscript(exponent)}";
    }

    static string Superscript(int n) => string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(c => c switch
    {
        '-' => '⁻', '0' => '⁰', '1' => '¹', '2' => '²', '3' => '³', '4' => '⁴', '5' => '⁵', '6' => '⁶', '7' => '⁷', '8' => '⁸', _ => '⁹',
    }));
}
