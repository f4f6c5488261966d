using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Sparsity;

/// <summary>
/// Global unstructured magnitude pruning with explicit masks over a named group of weight matrices (spec moduli.md §2,
/// §7.1.4): one threshold across the whole group, exactly round(a·n) entries pruned, nested masks (entries pruned before
/// rank below every live weight), gradients zeroed at pruned entries before clipping, and pruned weights put back to
/// exactly zero after every optimizer step. Masks are buffers (<c>mask_&lt;name with . as __&gt;</c>), so checkpoints
/// carry them. Biases are never part of the group.
/// </summary>
public sealed class MagnitudePruner : nn.Module
{
    readonly (string Name, Parameter Weight, Tensor Mask)[] group;

    /// <summary>Creates all-ones masks for <paramref name="weights"/>, pruned together in the order given.</summary>
    public MagnitudePruner(IEnumerable<NamedWeight> weights) : base("MagnitudePruner")
    {
        group = weights.Select(w => (w.Name, w.Weight, ones_like(w.Weight).requires_grad_(false))).ToArray();
        if (group.Length == 0) throw new ParsimonyException("Nothing to prune: the pruning group is empty.");
        foreach (var (name, _, mask) in group) register_buffer(MaskKey(name), mask);
    }

    /// <summary>The buffer name of the mask of weight <paramref name="name"/>.</summary>
    public static string MaskKey(string name) => "mask_" + name.Replace(".", "__");

    /// <summary>Weights in the group.</summary>
    public long Count => group.Sum(g => g.Weight.numel());

    /// <summary>Names of the pruned weights, in group order.</summary>
    public IEnumerable<string> Names => group.Select(g => g.Name);

    /// <summary>The mask of weight <paramref name="name"/> (1 = live, 0 = pruned).</summary>
    public Tensor MaskOf(string name) => group.Single(g => g.Name == name).Mask;

    /// <summary>
    /// Prunes the group to a cumulative sparsity of <paramref name="amount"/>: bakes the current masks into the weights,
    /// then masks the round(amount·n) smallest |w| of the whole group, counting already pruned entries first (stable
    /// order, so ties are broken by position and the result is deterministic).
    /// </summary>
    public void PruneTo(double amount)
    {
        if (amount is < 0 or >= 1 || double.IsNaN(amount)) throw new ArgumentOutOfRangeException(nameof(amount), amount, "A sparsity must be in [0, 1).");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Apply();
        long k = (long)Math.Round(amount * Count, MidpointRounding.AwayFromZero);
        var scores = cat(group.Select(g => where(g.Mask > 0, g.Weight.abs(), -1.0f).flatten()).ToArray());
        var flat = ones_like(scores);
        if (k > 0) flat.index_fill_(0, scores.sort(0, false, true).Indices.narrow(0, 0, k), 0);
        long offset = 0;
        foreach (var (_, weight, mask) in group)
        {
            mask.copy_(flat.narrow(0, offset, weight.numel()).view_as(mask));
            offset += weight.numel();
        }
        Apply();
    }

    /// <summary>Replaces every mask (e.g. the final masks of another run for a lottery ticket) and applies them.</summary>
    public void SetMasks(IReadOnlyDictionary<string, Tensor> masks)
    {
        using var _ = no_grad();
        foreach (var (name, _, mask) in group) mask.copy_(masks[name]);
        Apply();
    }

    /// <summary>Zeroes the gradients at pruned entries (call after backward, before clipping and the step).</summary>
    public void MaskGradients()
    {
        foreach (var (_, weight, mask) in group) weight.grad?.mul_(mask);
    }

    /// <summary>Sets pruned weights to exactly zero (call after every optimizer step).</summary>
    public void Apply()
    {
        using var _ = no_grad();
        foreach (var (_, weight, mask) in group) weight.mul_(mask);
    }

    /// <summary>Share of the group that is pruned.</summary>
    public double Sparsity()
    {
        double pruned = 0;
        foreach (var (_, _, mask) in group) pruned += mask.numel() - mask.sum().item<float>();
        return pruned / Count;
    }

    /// <summary>Share of each matrix that is pruned.</summary>
    public IReadOnlyDictionary<string, double> SparsityPerMatrix() =>
        group.ToDictionary(g => g.Name, g => 1 - g.Mask.sum().item<float>() / (double)g.Mask.numel());
}
