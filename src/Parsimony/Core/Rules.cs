using System.Globalization;

namespace Parsimony;

/// <summary>
/// The validation rules of every option, worded once: each throws an <see cref="OptionException"/> naming the property
/// (pass it with <c>nameof</c>) and the value it got. Config records and toolkit constructors use the same rules.
/// </summary>
public static class Rules
{
    /// <summary>Throws unless <paramref name="ok"/>: "<paramref name="property"/> <paramref name="problem"/>".</summary>
    public static void Require(bool ok, string property, string problem)
    {
        if (!ok) throw new OptionException(property, problem);
    }

    /// <summary>A finite number above 0.</summary>
    public static void Positive(double value, string property) =>
        Require(value > 0 && double.IsFinite(value), property, $"must be a positive number (got {Show(value)}).");

    /// <summary>A whole number above 0.</summary>
    public static void Positive(long value, string property) =>
        Require(value > 0, property, $"must be positive (got {value}).");

    /// <summary>A finite number at or above 0.</summary>
    public static void NonNegative(double value, string property) =>
        Require(value >= 0 && double.IsFinite(value), property, $"must be ≥ 0 (got {Show(value)}).");

    /// <summary>A whole number at or above <paramref name="minimum"/>.</summary>
    public static void AtLeast(long value, long minimum, string property) =>
        Require(value >= minimum, property, $"must be at least {minimum} (got {value}).");

    /// <summary>A share in [0, 1).</summary>
    public static void Share(double value, string property) =>
        Require(value is >= 0 and < 1, property, $"must be in [0, 1) (got {Show(value)}).");

    /// <summary>A value as a message shows it (invariant culture, shortest round-trip).</summary>
    public static string Show(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
