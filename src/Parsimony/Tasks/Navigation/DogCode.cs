using static TorchSharp.torch;

namespace Parsimony.Tasks.Navigation;

/// <summary>
/// The difference-of-softmaxes population code of place and head-direction cells (spec moduli.md §3.1): from squared
/// distances d² [..., N] to the cells' centres, softmax(−d²/2σ²) − softmax(−d²/(2·s·σ²)) with surround scale s, shifted
/// to a minimum of 0 and normalised to sum 1 (a soft label for cross-entropy).
/// </summary>
public static class DogCode
{
    /// <summary>The code [..., N] of squared distances <paramref name="d2"/> [..., N] for cells of width <paramref name="sigma"/>.</summary>
    public static Tensor Encode(Tensor d2, double sigma, double surround)
    {
        var code = (d2 / (-2 * sigma * sigma)).softmax(-1) - (d2 / (-2 * surround * sigma * sigma)).softmax(-1);
        code = code - code.amin([-1], true);
        return code / code.sum(-1, true);
    }
}
