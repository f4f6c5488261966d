using System.Buffers.Binary;
using System.IO.Compression;
using Parsimony.Tasks.Images;

namespace Parsimony.Tests.Experiments.EventProp;

/// <summary>The IDX reader on written files, its refusals, and the latency code.</summary>
public class IdxTests
{
    /// <summary>Writes a gzipped IDX pair NAME-images-idx3-ubyte.gz / NAME-labels-idx1-ubyte.gz of two classes: a bright left or right half.</summary>
    internal static void WriteSet(string dir, string name, int count, int seed)
    {
        var rng = new Random(seed);
        var labels = Enumerable.Range(0, count).Select(_ => (byte)rng.Next(2)).ToArray();
        var pixels = new byte[count * 28 * 28];
        for (int i = 0; i < count; i++)
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++)
                    pixels[i * 784 + r * 28 + c] = (byte)((c < 14) == (labels[i] == 0) ? 150 + rng.Next(100) : rng.Next(3) == 0 ? rng.Next(60) : 0);
        Write(Path.Combine(dir, $"{name}-images-idx3-ubyte.gz"), 3, [count, 28, 28], pixels);
        Write(Path.Combine(dir, $"{name}-labels-idx1-ubyte.gz"), 1, [count], labels);
    }

    static void Write(string path, int rank, int[] dims, byte[] data, bool gzip = true)
    {
        var header = new byte[4 + 4 * rank];
        header[2] = 0x08; header[3] = (byte)rank;
        for (int d = 0; d < rank; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), dims[d]);
        using var file = File.Create(path);
        using var stream = gzip ? (Stream)new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write(header);
        stream.Write(data);
    }

    [Fact]
    public void ReadsGzippedAndPlainSetsAndRefusesBadOnes()
    {
        var dir = TestPaths.TempDir();
        WriteSet(dir, "a", 7, 1);
        var set = IdxImages.Load(Path.Combine(dir, "a-images-idx3-ubyte.gz"), Path.Combine(dir, "a-labels-idx1-ubyte.gz"));
        Assert.Equal((7, 28, 28, 784), (set.Count, set.Rows, set.Columns, set.Size));
        Write(Path.Combine(dir, "plain"), 1, [7], set.Labels, gzip: false);
        Assert.Equal(set.Labels, IdxImages.Load(Path.Combine(dir, "a-images-idx3-ubyte.gz"), Path.Combine(dir, "plain")).Labels);
        Write(Path.Combine(dir, "short"), 1, [9], set.Labels, gzip: false);                   // declares 9, holds 7
        Assert.Contains("declares 9 = 9 bytes but holds 7", Assert.Throws<ParsimonyException>(() => IdxImages.Load(Path.Combine(dir, "a-images-idx3-ubyte.gz"), Path.Combine(dir, "short"))).Message);
        File.WriteAllText(Path.Combine(dir, "text"), "not an idx file at all");
        Assert.Contains("not an IDX file", Assert.Throws<ParsimonyException>(() => IdxImages.Load(Path.Combine(dir, "text"), Path.Combine(dir, "plain"))).Message);
        Write(Path.Combine(dir, "huge"), 3, [int.MaxValue, 28, 28], [], gzip: false);
        Assert.Contains("not a valid size", Assert.Throws<ParsimonyException>(() => IdxImages.Load(Path.Combine(dir, "huge"), Path.Combine(dir, "plain"))).Message);
        Write(Path.Combine(dir, "few"), 1, [3], [0, 1, 1], gzip: false);
        Assert.Contains("holds 7 images but", Assert.Throws<ParsimonyException>(() => IdxImages.Load(Path.Combine(dir, "a-images-idx3-ubyte.gz"), Path.Combine(dir, "few"))).Message);
    }

    [Fact]
    public void BrighterPixelsSpikeEarlierAndDarkOnesNever()
    {
        var spikes = new LatencyCode().Encode(new byte[] { 0, 1, 2, 255, 128 });
        Assert.Equal([3, 4, 2], spikes.Sources);                                              // 255 at 0 ms first, then 128, then 2
        Assert.Equal(0, spikes.Times[0]);
        Assert.Equal((1 - 128 / 255.0) * 20, spikes.Times[1], 12);
        Assert.Equal((1 - 2 / 255.0) * 20, spikes.Times[2], 12);
    }
}
