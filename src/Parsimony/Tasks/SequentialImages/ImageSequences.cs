using Parsimony.Tasks.Images;
using static TorchSharp.torch;

namespace Parsimony.Tasks.SequentialImages;

/// <summary>How an image becomes a sequence.</summary>
public enum ImageSequence
{
    /// <summary>One row per step: 28 steps of 28 pixels for a 28 × 28 image.</summary>
    Rows,
    /// <summary>One pixel per step of the image average-pooled 2 × 2: 196 steps for 28 × 28 (a CPU-sized pixel task).</summary>
    Pixels14,
    /// <summary>One pixel per step: 784 steps for 28 × 28 (sequential MNIST as published).</summary>
    Pixels,
}

/// <summary>
/// Sequential image classification (spec egru_eventprop.md §A.6.2): images read row by row or pixel by pixel, pixels
/// scaled to [0, 1] without normalisation, optionally with the steps permuted by the bit-reversal permutation.
/// </summary>
public static class ImageSequences
{
    /// <summary>Steps per sequence for images of <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    public static int Steps(ImageSequence layout, int rows, int columns) => layout switch
    {
        ImageSequence.Rows => rows,
        ImageSequence.Pixels14 => rows / 2 * (columns / 2),
        _ => rows * columns,
    };

    /// <summary>Features per step.</summary>
    public static int Features(ImageSequence layout, int columns) => layout == ImageSequence.Rows ? columns : 1;

    /// <summary>
    /// The time-major batch [steps, count, features] of images <paramref name="indices"/> of <paramref name="images"/>,
    /// the steps taken in the order <paramref name="permutation"/> when given.
    /// </summary>
    public static Tensor Batch(IdxImages images, IReadOnlyList<int> indices, ImageSequence layout, int[]? permutation = null)
    {
        var pixels = new float[indices.Count * images.Size];
        for (int b = 0; b < indices.Count; b++)
        {
            var image = images.Image(indices[b]);
            for (int p = 0; p < image.Length; p++) pixels[b * images.Size + p] = image[p] / 255f;
        }
        using var flat = tensor(pixels, [indices.Count, 1, images.Rows, images.Columns]);
        var grid = layout == ImageSequence.Pixels14 ? nn.functional.avg_pool2d(flat, 2) : flat.alias();
        int steps = Steps(layout, images.Rows, images.Columns), features = Features(layout, images.Columns);
        var sequences = grid.reshape(indices.Count, steps, features);
        if (permutation is not null) sequences = sequences.index_select(1, tensor(permutation.Select(i => (long)i).ToArray()));
        return sequences.transpose(0, 1).contiguous();
    }

    /// <summary>
    /// The bit-reversal permutation of 0 … <paramref name="n"/> − 1: rev(0), rev(1), … for the ⌈log2 n⌉-bit reversal
    /// rev, keeping the values below n (for a power of two, the classic permutation).
    /// </summary>
    public static int[] BitReversal(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "needs at least one element");
        int bits = 0;
        while ((1 << bits) < n) bits++;
        return Enumerable.Range(0, 1 << bits).Select(i => Reverse(i, bits)).Where(i => i < n).ToArray();
    }

    static int Reverse(int value, int bits)
    {
        int r = 0;
        for (int b = 0; b < bits; b++) r |= ((value >> b) & 1) << (bits - 1 - b);
        return r;
    }
}
