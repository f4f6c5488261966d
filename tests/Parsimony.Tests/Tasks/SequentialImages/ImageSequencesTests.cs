using Parsimony.Tasks.Images;
using Parsimony.Tasks.SequentialImages;

namespace Parsimony.Tests.Tasks.SequentialImages;

/// <summary>Images as sequences: rows, pooled and full pixels, and the bit-reversal permutation.</summary>
public class ImageSequencesTests
{
    static IdxImages Images()
    {
        var pixels = new byte[2 * 28 * 28];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 % 256);
        return new IdxImages(pixels, [3, 5], 28, 28);
    }

    [Fact]
    public void TheBitReversalPermutationOfAPowerOfTwoIsTheClassicOne()
    {
        Assert.Equal([0, 4, 2, 6, 1, 5, 3, 7], ImageSequences.BitReversal(8));
        foreach (int n in new[] { 1, 5, 196, 784 })
            Assert.Equal(Enumerable.Range(0, n), ImageSequences.BitReversal(n).Order());   // a permutation of 0 … n−1
    }

    [Fact]
    public void RowsPixelsAndPooledPixelsHoldTheImagesValues()
    {
        var images = Images();
        using var rows = ImageSequences.Batch(images, [1, 0], ImageSequence.Rows);
        Assert.Equal([28L, 2, 28], rows.shape);
        Assert.Equal(images.Image(1)[3 * 28 + 5] / 255f, rows[3, 0, 5].item<float>());

        using var pixels = ImageSequences.Batch(images, [0], ImageSequence.Pixels);
        Assert.Equal([784L, 1, 1], pixels.shape);
        Assert.Equal(images.Image(0)[100] / 255f, pixels[100, 0, 0].item<float>());

        using var pooled = ImageSequences.Batch(images, [0], ImageSequence.Pixels14);
        Assert.Equal([196L, 1, 1], pooled.shape);
        var img = images.Image(0);
        float mean = (img[2 * 28 + 4] + img[2 * 28 + 5] + img[3 * 28 + 4] + img[3 * 28 + 5]) / 4f / 255f;
        Assert.Equal(mean, pooled[1 * 14 + 2, 0, 0].item<float>(), 6);
    }

    [Fact]
    public void APermutedSequenceTakesItsStepsInThePermutationsOrder()
    {
        var images = Images();
        var permutation = ImageSequences.BitReversal(784);
        using var plain = ImageSequences.Batch(images, [0, 1], ImageSequence.Pixels);
        using var permuted = ImageSequences.Batch(images, [0, 1], ImageSequence.Pixels, permutation);
        foreach (int t in new[] { 0, 1, 2, 500, 783 })
            Assert.Equal(plain[permutation[t], 1, 0].item<float>(), permuted[t, 1, 0].item<float>());
    }
}
