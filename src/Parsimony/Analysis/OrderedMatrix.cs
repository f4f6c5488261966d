using static TorchSharp.torch;

namespace Parsimony.Analysis;

/// <summary>A square matrix with rows and columns in a given order, block-averaged down to a size a figure can show.</summary>
public static class OrderedMatrix
{
    /// <summary>
    /// <paramref name="matrix"/> [n, n] with rows and columns permuted by <paramref name="order"/>, averaged over
    /// blocks of ⌈n / <paramref name="maxSize"/>⌉ entries a side (the last partial block dropped); returns the values,
    /// row 0 first, and the block size.
    /// </summary>
    public static (double[][] Values, long Block) BlockAverage(Tensor matrix, long[] order, int maxSize = 256)
    {
        using var scope = NewDisposeScope();
        var index = tensor(order, device: matrix.device);
        var m = matrix.detach().index_select(0, index).index_select(1, index).to(float64).cpu();
        long n = m.shape[0], block = (n + maxSize - 1) / maxSize, size = n / block;
        m = m.narrow(0, 0, size * block).narrow(1, 0, size * block).view(size, block, size, block).mean([1, 3]);
        var data = m.data<double>().ToArray();
        var values = new double[size][];
        for (int i = 0; i < size; i++) values[i] = data.AsSpan((int)(i * size), (int)size).ToArray();
        return (values, block);
    }
}
