using System.Buffers.Binary;
using System.IO.Compression;

namespace Parsimony.Recordings.Formats;

/// <summary>
/// A small reader for MATLAB level-5 MAT files (little- and big-endian, zlib-compressed elements, numeric arrays of
/// any stored width). Cell arrays, structs, sparse and character arrays are skipped and listed as unsupported.
/// </summary>
public static class MatFile
{
    const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7, MiDouble = 9,
              MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15;

    /// <summary>Every numeric variable of the file at <paramref name="path"/>, by name.</summary>
    public static IReadOnlyDictionary<string, NumericArray> Read(string path)
    {
        if (!File.Exists(path)) throw new ParsimonyException($"{path}: file not found.");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 128 || !(bytes[126] == 'I' && bytes[127] == 'M' || bytes[126] == 'M' && bytes[127] == 'I'))
            throw new ParsimonyException($"{path}: not a MATLAB level-5 MAT file (no 'MATLAB 5.0' header with an endian mark). " +
                                         "MAT v7.3 files are HDF5: read them as such.");
        bool big = bytes[126] == 'M';
        var result = new Dictionary<string, NumericArray>();
        try
        {
            ReadElements(bytes.AsSpan(128), big, result);
        }
        catch (Exception e) when (e is not ParsimonyException)
        {
            throw new ParsimonyException($"{path}: the MAT file is truncated or corrupt ({Text.Quote(e.Message)}).", e);
        }
        return result;
    }

    /// <summary>The variable <paramref name="name"/>, or an error that lists the variables the file has.</summary>
    public static NumericArray Get(IReadOnlyDictionary<string, NumericArray> variables, string name, string path) =>
        variables.TryGetValue(name, out var v) ? v
            : throw new ParsimonyException($"{path}: no numeric variable '{Text.Quote(name)}'. The file has: " +
                                           Text.Quote(string.Join(", ", variables.Values.Select(a => $"{a.Name} ({string.Join('×', a.Dimensions)})"))) + ".");

    static void ReadElements(ReadOnlySpan<byte> data, bool big, Dictionary<string, NumericArray> into)
    {
        while (data.Length >= 8)
        {
            var (type, size, offset, consumed) = Tag(data, big);
            var payload = data.Slice(offset, size);
            if (type == MiCompressed)
            {
                using var z = new ZLibStream(new MemoryStream(payload.ToArray()), CompressionMode.Decompress);
                ReadElements(Inflate(z, 1100L * size + (1 << 20)), big, into);
            }
            else if (type == MiMatrix && size > 0 && Matrix(payload, big) is { } array)
                into[array.Name] = array;
            data = data[Math.Min(consumed, data.Length)..];
        }
    }

    /// <summary>The inflated bytes of a compressed element, refusing more than <paramref name="limit"/> (deflate expands at most ~1,000-fold).</summary>
    static byte[] Inflate(Stream z, long limit)
    {
        using var inflated = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = z.Read(buffer)) > 0)
        {
            if (inflated.Length + n > limit) throw new InvalidDataException("a compressed element inflates beyond any real data");
            inflated.Write(buffer, 0, n);
        }
        return inflated.ToArray();
    }

    /// <summary>Reads one tag; returns type, size, payload and the bytes consumed including padding.</summary>
    static (int Type, int Size, int Offset, int Consumed) Tag(ReadOnlySpan<byte> data, bool big)
    {
        if (data.Length < 8) throw new InvalidDataException("an element tag is cut short");
        uint first = U32(data, big);
        if (first >> 16 != 0) // small data element: size in the upper half, data in the next 4 bytes
        {
            int small = (int)(first >> 16);
            if (small > 4) throw new InvalidDataException($"a small element claims {small} bytes (at most 4)");
            return ((int)(first & 0xFFFF), small, 4, 8);
        }
        long size = U32(data[4..], big);
        int type = (int)first;
        if (8 + size > data.Length) throw new InvalidDataException($"an element of {size} bytes runs past the end");
        long padded = type == MiCompressed ? size : (size + 7) / 8 * 8;
        return (type, (int)size, 8, (int)Math.Min(8 + padded, int.MaxValue));
    }

    static NumericArray? Matrix(ReadOnlySpan<byte> data, bool big)
    {
        var (_, _, o1, c1) = Tag(data, big);
        int arrayClass = (int)(U32(data[o1..], big) & 0xFF);
        data = data[c1..];
        var (_, n2, o2, c2) = Tag(data, big);
        var dimensions = Numbers(data.Slice(o2, n2), MiInt32, big).Select(d => (long)d).ToArray();
        data = data[c2..];
        var (_, n3, o3, c3) = Tag(data, big);
        var name = Text.Quote(System.Text.Encoding.ASCII.GetString(data.Slice(o3, n3)));
        data = data[c3..];
        if (arrayClass is < 6 or > 15) return null; // not a numeric class (cell, struct, object, char, sparse)
        if (dimensions.Length < 2 || dimensions.Any(d => d < 0))
            throw new InvalidDataException($"variable '{name}' declares the dimensions [{string.Join(", ", dimensions)}] (at least two, none negative)");
        var (realType, n4, o4, _) = Tag(data, big);
        var values = Numbers(data.Slice(o4, n4), realType, big);
        double declared = dimensions.Aggregate(1.0, (a, d) => a * d);
        if (declared != values.Length)
            throw new InvalidDataException($"variable '{name}' declares {string.Join('×', dimensions)} = {declared:G} values but stores {values.Length}");
        return new NumericArray(name, dimensions.Select(d => (int)d).ToArray(), values);
    }

    static double[] Numbers(ReadOnlySpan<byte> b, int type, bool big)
    {
        int width = type switch { MiInt8 or MiUInt8 => 1, MiInt16 or MiUInt16 => 2, MiInt32 or MiUInt32 or MiSingle => 4, _ => 8 };
        var values = new double[b.Length / width];
        for (int i = 0; i < values.Length; i++)
        {
            var s = b.Slice(i * width, width);
            values[i] = type switch
            {
                MiInt8 => (sbyte)s[0],
                MiUInt8 => s[0],
                MiInt16 => big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
                MiUInt16 => big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
                MiInt32 => big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
                MiUInt32 => U32(s, big),
                MiSingle => big ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
                MiDouble => big ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s),
                MiInt64 => big ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s),
                MiUInt64 => big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s),
                _ => throw new InvalidDataException($"unsupported MAT data type {type}"),
            };
        }
        return values;
    }

    static uint U32(ReadOnlySpan<byte> s, bool big) => big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
}
