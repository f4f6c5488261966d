using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Sparsity;

/// <summary>
/// Global unstructured magnitude pruning with explicit masks over a named group of weight matrices (spec moduli.md §2,
/// §7.1.4): one threshold across the whole group, exactly round(a·n) entries pruned, nested masks (entries pruned before
/// rank below every live weight), gradients zeroed at pruned entries before clipping, and pruned weights put back to
/// exactly zero after every optimizer step. Masks are buffers (<c>mask_&lt;name with . as __&gt;</c>), so checkpoints
/// carry them. Biases are never part of the group. Optionally the pruning is block-structured: blocks of
/// <see cref="BlockSize"/> consecutive outputs of one input (W[b·B … b·B + B − 1, i] of a matrix W [outputs, inputs]) are
/// ranked by their mean |w| and pruned together, the structure that event-driven inference multiplies with one SIMD
/// multiply-add per surviving block.
/// </summary>
public sealed class MagnitudePruner : nn.Module
{
    readonly (string Name, Parameter Weight, Tensor Mask)[] group;

    /// <summary>
    /// Creates all-ones masks for <paramref name="weights"/>, pruned together in the order given, in blocks of
    /// <paramref name="blockSize"/> outputs (1: unstructured; above 1 every weight must be a matrix, and a matrix whose
    /// outputs are not a multiple of it ends in one shorter block).
    /// </summary>
    public MagnitudePruner(IEnumerable<NamedWeight> weights, int blockSize = 1) : base("MagnitudePruner")
    {
        group = weights.Select(w => (w.Name, w.Weight, ones_like(w.Weight).requires_grad_(false))).ToArray();
        if (group.Length == 0) throw new ParsimonyException("Nothing to prune: the pruning group is empty.");
        if (blockSize < 1) throw new ParsimonyException($"A pruning block holds at least one weight (got {blockSize}).");
        if (blockSize > 1 && group.FirstOrDefault(g => g.Weight.dim() != 2) is { Name: not null } odd)
            throw new ParsimonyException($"Block pruning needs matrices, and '{odd.Name}' has {odd.Weight.dim()} dimensions.");
        BlockSize = blockSize;
        foreach (var (name, _, mask) in group) register_buffer(MaskKey(name), mask);
    }

    /// <summary>The buffer name of the mask of weight <paramref name="name"/>.</summary>
    public static string MaskKey(string name) => "mask_" + name.Replace(".", "__");

    /// <summary>Consecutive outputs of one input pruned together (1: unstructured).</summary>
    public int BlockSize { get; }

    /// <summary>Weights in the group.</summary>
    public long Count => group.Sum(g => g.Weight.numel());

    /// <summary>Names of the pruned weights, in group order.</summary>
    public IEnumerable<string> Names => group.Select(g => g.Name);

    /// <summary>The mask of weight <paramref name="name"/> (1 = live, 0 = pruned).</summary>
    public Tensor MaskOf(string name) => group.Single(g => g.Name == name).Mask;

    /// <summary>
    /// Prunes the group to a cumulative sparsity of <paramref name="amount"/>: bakes the current masks into the weights,
    /// then masks the round(amount·n) smallest of the n blocks of the whole group (single weights when
    /// <see cref="BlockSize"/> is 1) by mean |w|, counting already pruned blocks first (stable order, so ties are broken
    /// by position and the result is deterministic).
    /// </summary>
    public void PruneTo(double amount)
    {
        if (amount is < 0 or >= 1 || double.IsNaN(amount)) throw new ArgumentOutOfRangeException(nameof(amount), amount, "A sparsity must be in [0, 1).");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Apply();
        var scores = cat(group.Select(g => where(Blocks(g.Mask, sum: false) > 0, Blocks(g.Weight.abs(), sum: true), -1.0f).flatten()).ToArray());
        long k = (long)Math.Round(amount * scores.numel(), MidpointRounding.AwayFromZero);
        var flat = ones_like(scores);
        if (k > 0) flat.index_fill_(0, scores.sort(0, false, true).Indices.narrow(0, 0, k), 0);
        long offset = 0;
        foreach (var (_, weight, mask) in group)
        {
            long blocks = BlockCount(weight);
            mask.copy_(Unblock(flat.narrow(0, offset, blocks), weight));
            offset += blocks;
        }
        Apply();
    }

    long BlockCount(Tensor weight) => BlockSize == 1 ? weight.numel() : (weight.shape[0] + BlockSize - 1) / BlockSize * weight.shape[1];

    /// <summary>Per block: the mean of <paramref name="values"/> over its weights (<paramref name="sum"/>), else the largest value ([blocks, inputs]).</summary>
    Tensor Blocks(Tensor values, bool sum)
    {
        if (BlockSize == 1) return values;
        long outputs = values.shape[0], blocks = (outputs + BlockSize - 1) / BlockSize, pad = blocks * BlockSize - outputs;
        var padded = pad == 0 ? values : cat([values, zeros(pad, values.shape[1], values.dtype, values.device)]);
        var grouped = padded.view(blocks, BlockSize, values.shape[1]);
        if (!sum) return grouped.amax(1);
        var sizes = full(blocks, (float)BlockSize, values.dtype, values.device);
        sizes[-1].fill_(BlockSize - pad);
        return grouped.sum(1) / sizes.unsqueeze(1);
    }

    /// <summary>A flat block mask back in the shape of <paramref name="weight"/>.</summary>
    Tensor Unblock(Tensor blockMask, Tensor weight)
    {
        if (BlockSize == 1) return blockMask.view_as(weight);
        long outputs = weight.shape[0], inputs = weight.shape[1];
        return blockMask.view(-1, inputs).repeat_interleave(BlockSize, 0).narrow(0, 0, outputs);
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
