using Parsimony.Geometry;

namespace Parsimony.Regularization;

/// <summary>What the distances of a penalty matrix are replaced by, if anything.</summary>
public enum PenaltyBase
{
    /// <summary>R from the distances of an embedding on a space.</summary>
    Space,
    /// <summary>R ≡ 1 before invert (<c>standard</c>: plain L1/L2; with the <c>mean</c> inhibitor, R ≡ the mean DoG over a random 2-torus).</summary>
    Uniform,
    /// <summary>R ≡ 0 (<c>none</c>): no penalty at all.</summary>
    Zero,
}

/// <summary>
/// How a penalty matrix R is made (spec moduli.md §1.3): distances on <paramref name="Space"/> → <paramref name="Inhibitor"/>
/// → optional full shuffle (<paramref name="Permute"/>) → optional R ← max(R) − R (<paramref name="Invert"/>), in that
/// order; or a uniform or zero R (<paramref name="Base"/>). Build it with <see cref="Parse"/>, which reads the space name
/// once and refuses the reference's silent zero penalty unless asked for.
/// </summary>
/// <param name="Base">Distances on a space, uniform or zero.</param>
/// <param name="Space">The embedding space (null unless <paramref name="Base"/> is <see cref="PenaltyBase.Space"/>).</param>
/// <param name="Inhibitor">Distance-to-penalty function.</param>
/// <param name="Invert">R ← max(R) − R (required for DoG to penalise far pairs and self-connections).</param>
/// <param name="Permute">Shuffle all N² entries (the control that keeps R's values but destroys its geometry).</param>
public sealed record RegularizerSpec(PenaltyBase Base, ModuliSpace? Space, Inhibitor Inhibitor = Inhibitor.Dog, bool Invert = true, bool Permute = false)
{
    /// <summary>The name <see cref="Parse"/> reads as R ≡ 1.</summary>
    public const string Standard = "standard";
    /// <summary>The name <see cref="Parse"/> reads as R ≡ 0.</summary>
    public const string None = "none";

    /// <summary>
    /// The spec for the space called <paramref name="space"/> (see <see cref="Spaces.TryParse"/>; or <see cref="Standard"/>,
    /// <see cref="None"/>). Invalid names and <c>standard</c> with invert (R ≡ 0, the reference's "L1" control) are
    /// <see cref="OptionException"/>s naming <c>Space</c> and <c>Invert</c>; the latter is allowed with <paramref name="legacy"/>.
    /// </summary>
    public static RegularizerSpec Parse(string space, Inhibitor inhibitor = Inhibitor.Dog, bool invert = true, bool permute = false, bool legacy = false)
    {
        if (space.Equals(None, StringComparison.OrdinalIgnoreCase)) return new(PenaltyBase.Zero, null, inhibitor, invert, permute);
        if (space.Equals(Standard, StringComparison.OrdinalIgnoreCase))
        {
            Rules.Require(!invert || inhibitor == Inhibitor.Mean || legacy, "Invert",
                "with {Space} standard gives R ≡ max(1) − 1 = 0: no penalty at all. This is the reference code's \"L1\" control (a bug). " +
                "For a true L1 penalty set {Invert} false (R ≡ 1) or {Inhibitor} mean (scale-matched); to reproduce the reference's zero " +
                "penalty on purpose add {LegacyQuirks}.");
            return new(PenaltyBase.Uniform, null, inhibitor, invert, permute);
        }
        var parsed = Spaces.TryParse(space);
        Rules.Require(parsed is not null, "Space", $"is '{space}', which is not a known space. Valid spaces: {Spaces.Help}; or {Standard} (R ≡ 1) or {None} (R ≡ 0).");
        return new(PenaltyBase.Space, parsed, inhibitor, invert, permute);
    }

    /// <summary>The space's name, or <c>standard</c>/<c>none</c>.</summary>
    public string Name => Base switch { PenaltyBase.Space => Space!.Name, PenaltyBase.Uniform => Standard, _ => None };
}
