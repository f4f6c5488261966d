namespace Parsimony.Information;

/// <summary>
/// How the stimulus-information measures treat logarithms of zero and vanishing means (spec ssi.md §1, §6).
/// </summary>
public enum InfoConvention
{
    /// <summary>
    /// The ε → 0 limit (the default): 0·log 0 = 0, a silent cell carries 0 bits, a vanished geometric mean gives no
    /// shared term. Cells with constant rate get Pearson r := 0 with other cells and r := 1 with themselves.
    /// </summary>
    Exact,
    /// <summary>
    /// The authors' code (<c>pc_info.py</c>) for parity: <c>log2(ratio + 1e-10)</c>, <c>sqrt(λaλb + 1e-10)</c>, denominators
    /// <c>+ 1e-10</c>, ReLU on rates, mean rate floored at 1e-10. Constant cells use the same deterministic r rule instead
    /// of the code's random noise (effect below 1e-3 on the toy checks).
    /// </summary>
    Reference,
}
