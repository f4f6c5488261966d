using System.Buffers.Binary;
using System.IO.Compression;

namespace Parsimony.Tasks.Images;

/// <summary>
/// An image set in the IDX format of MNIST and Fashion-MNIST (optionally gzipped): images as bytes, row by row, and
/// their labels. Files are checked against their declared sizes before anything is allocated.
/// </summary>
/// <param name="Pixels">Every image's pixels, image after image (rows × columns bytes each).</param>
/// <param name="Labels">Each image's class.</param>
/// <param name="Rows">Rows per image.</param>
/// <param name="Columns">Columns per image.</param>
public sealed record IdxImages(byte[] Pixels, byte[] Labels, int Rows, int Columns)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
    /// <summary>Pixels per image.</summary>
    public int Size => Rows * Columns;
    /// <summary>The pixels of image <paramref name="i"/>.</summary>
    public ReadOnlySpan<byte> Image(int i) => Pixels.AsSpan(i * Size, Size);
    /// <summary>The number of classes (largest label + 1).</summary>
    public int Classes => Labels.Length == 0 ? 0 : Labels.Max() + 1;

    /// <summary>The images <paramref name="from"/> … <paramref name="from"/> + <paramref name="count"/> − 1.</summary>
    public IdxImages Slice(int from, int count) => new(Pixels.AsSpan(from * Size, count * Size).ToArray(), Labels.AsSpan(from, count).ToArray(), Rows, Columns);

    /// <summary>Reads an image file and its label file (<c>.gz</c> or plain).</summary>
    public static IdxImages Load(string images, string labels)
    {
        var (imageDims, pixels) = Read(images, 3);
        var (labelDims, classes) = Read(labels, 1);
        if (imageDims[0] != labelDims[0])
            throw new ParsimonyException($"{images} holds {imageDims[0]} images but {labels} holds {labelDims[0]} labels; they must be one set.");
        return new IdxImages(pixels, classes, imageDims[1], imageDims[2]);
    }

    /// <summary>The dimensions and bytes of an unsigned-byte IDX file of <paramref name="rank"/> dimensions.</summary>
    static (int[] Dims, byte[] Data) Read(string path, int rank)
    {
        byte[] bytes;
        try
        {
            using var file = File.OpenRead(path);
            using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? (Stream)new GZipStream(file, CompressionMode.Decompress) : file;
            using var memory = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                memory.Write(buffer, 0, read);
                if (memory.Length > 1L << 31) throw new ParsimonyException($"{path}: more than 2 GB once decompressed; not an image set this tool can hold.");
            }
            bytes = memory.ToArray();
        }
        catch (InvalidDataException e) { throw new ParsimonyException($"{path}: not a gzip file ({e.Message}).", e); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ParsimonyException($"Cannot read {path}: {e.Message}", e); }
        if (bytes.Length < 4 + 4 * rank || bytes[0] != 0 || bytes[1] != 0)
            throw new ParsimonyException($"{path}: not an IDX file (it does not start with the IDX magic number).");
        if (bytes[2] != 0x08 || bytes[3] != rank)
            throw new ParsimonyException($"{path}: an IDX file of type 0x{bytes[2]:X2} with {bytes[3]} dimension(s); expected unsigned bytes (0x08) with {rank} ({(rank == 3 ? "images" : "labels")}).");
        var dims = new int[rank];
        long total = 1;
        for (int d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] < 0 || dims[d] > 1 << 28) throw new ParsimonyException($"{path}: dimension {d} is {dims[d]}, not a valid size.");
            total *= dims[d];
        }
        int header = 4 + 4 * rank;
        if (bytes.Length - header != total)
            throw new ParsimonyException($"{path}: declares {string.Join(" × ", dims)} = {total} bytes but holds {bytes.Length - header}; the file is truncated or not this set.");
        return (dims, bytes.AsSpan(header).ToArray());
    }
}
