using Parsimony.Geometry;

namespace Parsimony.Regularization;

/// <summary>
/// How a penalty matrix R is made (spec moduli.md §1.3): distances on <paramref name="Space"/> → <paramref name="Inhibitor"/>
/// → optional full shuffle (<paramref name="Permute"/>) → optional R ← max(R) − R (<paramref name="Invert"/>), in that order.
/// Besides the spaces of <see cref="Spaces"/>, <c>standard</c> means R ≡ 1 (plain L1/L2; with <c>mean</c>, R ≡ the mean
/// DoG over a random 2-torus) and <c>none</c> means R ≡ 0.
/// </summary>
/// <param name="Space">Space name, <c>standard</c> or <c>none</c>.</param>
/// <param name="Inhibitor">Distance-to-penalty function.</param>
/// <param name="Invert">R ← max(R) − R (required for DoG to penalise far pairs and self-connections).</param>
/// <param name="Permute">Shuffle all N² entries (the control that keeps R's values but destroys its geometry).</param>
/// <param name="Legacy">Allow the reference's zero "L1" control (<c>standard</c> + invert gives R ≡ 0).</param>
public sealed record RegularizerSpec(string Space = "torus", Inhibitor Inhibitor = Inhibitor.Dog, bool Invert = true, bool Permute = false, bool Legacy = false)
{
    /// <summary>R ≡ 1 (before invert).</summary>
    public bool IsStandard => Space.Equals("standard", StringComparison.OrdinalIgnoreCase);
    /// <summary>R ≡ 0: no penalty.</summary>
    public bool IsNone => Space.Equals("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>The embedding space (null for <c>standard</c> and <c>none</c>).</summary>
    public ModuliSpace? ParseSpace() => IsStandard || IsNone ? null : Spaces.Parse(Space);

    /// <summary>Throws a <see cref="ParsimonyException"/> for unknown spaces and for the silent zero penalty without <see cref="Legacy"/>.</summary>
    public void Validate()
    {
        ParseSpace();
        if (IsStandard && Invert && Inhibitor != Inhibitor.Mean && !Legacy)
            throw new ParsimonyException(
                "--space standard with --invert gives R ≡ max(1) − 1 = 0: no penalty at all. This is the reference code's \"L1\" " +
                "control (a bug). For a true L1 penalty use --invert false (R ≡ 1) or --inhibitor mean (scale-matched); to " +
                "reproduce the reference's zero penalty on purpose add --legacy-quirks.");
    }
}
