namespace Parsimony.Experiments.Moduli.Language;

/// <summary>Which matrices the language model's penalty covers (spec moduli.md §1.4).</summary>
public enum PenaltyScope
{
    /// <summary>The reference's current code: every layer's W_hh (own embedding each) plus mean-|W| on the input matrices, embedding and decoder.</summary>
    Head,
    /// <summary>The v1-era code behind the stability logs (§4.4): the moduli penalty on layer 0's W_hh only, nothing else.</summary>
    V1,
}
