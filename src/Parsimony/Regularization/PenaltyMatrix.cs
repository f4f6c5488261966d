using Parsimony.Geometry;
using static TorchSharp.torch;

namespace Parsimony.Regularization;

/// <summary>Builds penalty matrices R [N, N] (row i = neuron i, column j = presynaptic neuron j).</summary>
public static class PenaltyMatrix
{
    /// <summary>
    /// Draws an embedding of <paramref name="n"/> neurons from <paramref name="generator"/> (returned in
    /// <paramref name="embedding"/>, null for <c>standard</c>/<c>none</c>) and builds R from it on <paramref name="device"/>,
    /// distances and inhibitor in row blocks.
    /// </summary>
    public static Tensor Build(RegularizerSpec spec, long n, Generator generator, Device device, out Tensor? embedding)
    {
        embedding = null;
        using var scope = NewDisposeScope();
        Tensor r;
        if (spec.Base == PenaltyBase.Zero) r = zeros(n, n, device: device);
        else if (spec.Base == PenaltyBase.Uniform)
        {
            var torus = new FlatTorus();
            r = spec.Inhibitor == Inhibitor.Mean
                ? full(n, n, MeanDog(torus, torus.Sample(n, generator).to(device)), device: device)
                : ones(n, n, device: device);
        }
        else
        {
            var space = spec.Space!;
            var points = space.Sample(n, generator).to(device);
            embedding = points.MoveToOuterDisposeScope();
            r = spec.Inhibitor == Inhibitor.Mean
                ? full(n, n, MeanDog(space, points), device: device)
                : space.MapBlocks(points, d => Inhibitors.Apply(spec.Inhibitor, d));
        }
        if (spec.Permute) r = r.flatten()[Permutation(n, generator).to(device)].view(n, n);
        if (spec.Invert) r = r.max() - r;
        return r.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// R as a differentiable function of a (learned) embedding: distances → inhibitor → fixed permutation → invert,
    /// computed whole (no blocks) so gradients reach <paramref name="embedding"/>.
    /// </summary>
    public static Tensor FromEmbedding(RegularizerSpec spec, Tensor embedding, Tensor? permutation)
    {
        var d = spec.Space!.Distances(embedding, embedding);
        var r = spec.Inhibitor == Inhibitor.Mean ? Inhibitors.Apply(Inhibitor.Dog, d).mean().expand_as(d) : Inhibitors.Apply(spec.Inhibitor, d);
        if (permutation is not null) r = r.flatten()[permutation].view(d.shape);
        return spec.Invert ? r.max() - r : r;
    }

    /// <summary>A uniform random permutation of the N² entries.</summary>
    public static Tensor Permutation(long n, Generator generator) => randperm(n * n, generator: generator);

    static double MeanDog(ModuliSpace space, Tensor points)
    {
        using var r = space.MapBlocks(points, d => Inhibitors.Apply(Inhibitor.Dog, d));
        return r.to(float64).mean().item<double>();
    }
}
