using static TorchSharp.torch;

namespace Parsimony.Sparsity;

/// <summary>The share of weights with |w| below 10⁻³ — the sparsity the moduli reference logs (its code never masks).</summary>
public static class SmallWeights
{
    /// <summary>Share of all entries of <paramref name="weights"/> with |w| &lt; 1e-3.</summary>
    public static double ShareBelow1e3(IEnumerable<Tensor> weights)
    {
        double small = 0, total = 0;
        foreach (var w in weights)
        {
            small += (w.detach().abs() < 1e-3).sum().item<long>();
            total += w.numel();
        }
        return small / total;
    }
}
