using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Parsimony.Tests;

/// <summary>Writes MAT v5 files for tests (little- or big-endian; numeric matrices, optionally zlib-compressed), independently of the reader.</summary>
sealed class MatWriter(bool big = false)
{
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7, MiDouble = 9, MiMatrix = 14, MiCompressed = 15;

    public byte[] U32(uint v) { var b = new byte[4]; if (big) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }

    public byte[] Element(int type, byte[] payload)
    {
        var s = new MemoryStream();
        s.Write(U32((uint)type)); s.Write(U32((uint)payload.Length)); s.Write(payload);
        while (s.Length % 8 != 0) s.WriteByte(0);
        return s.ToArray();
    }

    public byte[] Values(double[] values, int type)
    {
        var s = new MemoryStream();
        foreach (var v in values)
        {
            byte[] b = type switch
            {
                MiInt8 => [(byte)(sbyte)v],
                MiUInt8 => [(byte)v],
                MiInt16 => Endian(BitConverter.GetBytes((short)v)),
                MiInt32 => Endian(BitConverter.GetBytes((int)v)),
                MiSingle => Endian(BitConverter.GetBytes((float)v)),
                _ => Endian(BitConverter.GetBytes(v)),
            };
            s.Write(b);
        }
        return s.ToArray();
    }

    byte[] Endian(byte[] little) { if (big) Array.Reverse(little); return little; }

    /// <summary>A numeric matrix element: flags (class), dims, name, real part stored as <paramref name="type"/>.</summary>
    public byte[] Matrix(string name, int[] dims, double[] columnMajor, int arrayClass = 6, int type = MiDouble)
    {
        var body = new MemoryStream();
        body.Write(Element(MiUInt32, [.. U32((uint)arrayClass), .. U32(0)]));
        body.Write(Element(MiInt32, dims.SelectMany(d => U32((uint)d)).ToArray()));
        body.Write(Element(MiInt8, Encoding.ASCII.GetBytes(name)));
        if (arrayClass is >= 6 and <= 15) body.Write(Element(type, Values(columnMajor, type)));
        return Element(MiMatrix, body.ToArray());
    }

    public byte[] Compressed(byte[] element)
    {
        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true)) zs.Write(element);
        var s = new MemoryStream();
        s.Write(U32(MiCompressed)); s.Write(U32((uint)z.Length)); s.Write(z.ToArray());
        return s.ToArray();
    }

    public byte[] File(IEnumerable<byte[]> elements)
    {
        var header = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: fuzz seed").CopyTo(header, 0);
        for (int i = 41; i < 116; i++) header[i] = (byte)' ';
        header[124] = big ? (byte)1 : (byte)0; header[125] = big ? (byte)0 : (byte)1;
        header[126] = big ? (byte)'M' : (byte)'I'; header[127] = big ? (byte)'I' : (byte)'M';
        return [.. header, .. elements.SelectMany(e => e)];
    }

    /// <summary>A file of matrices given row by row ([rows][cols]), each stored as <c>type</c> in class <c>arrayClass</c> (6 double, 10 int16).</summary>
    public static void Write(string path, params (string Name, double[][] Rows, int Type, int Class)[] variables)
    {
        var w = new MatWriter();
        System.IO.File.WriteAllBytes(path, w.File(variables.Select(v =>
        {
            int rows = v.Rows.Length, cols = rows == 0 ? 0 : v.Rows[0].Length;
            var columnMajor = Enumerable.Range(0, cols).SelectMany(c => v.Rows.Select(r => r[c])).ToArray();
            return w.Compressed(w.Matrix(v.Name, [rows, cols], columnMajor, v.Class, v.Type));
        })));
    }
}
