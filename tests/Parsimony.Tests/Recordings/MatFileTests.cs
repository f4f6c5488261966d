using System.IO.Compression;
using Parsimony.Recordings.Formats;

namespace Parsimony.Tests.Recordings;

public class MatFileTests
{
    /// <summary>Writes a little-endian level-5 MAT file holding one int16 matrix, compressed or not.</summary>
    static string Write(bool compressed)
    {
        var matrix = new MemoryStream();
        var w = new BinaryWriter(matrix);
        w.Write(6); w.Write(8); w.Write(6); w.Write(0);                 // array flags: class 6 (double)
        w.Write(5); w.Write(8); w.Write(2); w.Write(3);                 // dims 2×3
        w.Write((2 << 16) | 1); w.Write("xy"u8.ToArray()); w.Write((short)0);   // name "xy" as a small element (type miINT8)
        w.Write(3); w.Write(12);                                        // real part stored as int16 (narrower than the class)
        foreach (short v in new short[] { 1, 2, 3, 4, 5, 6 }) w.Write(v);
        w.Write(0);                                                     // pad 12 → 16
        var body = matrix.ToArray();
        var file = new MemoryStream();
        var header = new byte[128];
        "MATLAB 5.0 MAT-file, test"u8.CopyTo(header);
        header[124] = 0; header[125] = 1; header[126] = (byte)'I'; header[127] = (byte)'M';
        file.Write(header);
        var fw = new BinaryWriter(file);
        if (compressed)
        {
            var element = new MemoryStream();
            var ew = new BinaryWriter(element);
            ew.Write(14); ew.Write(body.Length); ew.Write(body);
            var z = new MemoryStream();
            using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zs.Write(element.ToArray());
            fw.Write(15); fw.Write((int)z.Length); fw.Write(z.ToArray());
        }
        else
        {
            fw.Write(14); fw.Write(body.Length); fw.Write(body);
        }
        var path = Path.Combine(TestPaths.TempDir(), "t.mat");
        File.WriteAllBytes(path, file.ToArray());
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsColumnMajorNumericArrays(bool compressed)
    {
        var xy = MatFile.Read(Write(compressed))["xy"];
        Assert.Equal([2, 3], xy.Dimensions);
        Assert.Equal(1, xy[0, 0]);
        Assert.Equal(2, xy[1, 0]);
        Assert.Equal(3, xy[0, 1]);
        Assert.Equal([5.0, 6.0], xy.Column(2));
    }

    [Fact]
    public void MissingVariableListsWhatExists()
    {
        var path = Write(true);
        var e = Assert.Throws<ParsimonyException>(() => MatFile.Get(MatFile.Read(path), "Qrun", path));
        Assert.Contains("xy (2×3)", e.Message);
    }

    [Fact]
    public void NonMatFileIsRejected()
    {
        var path = Path.Combine(TestPaths.TempDir(), "x.mat");
        File.WriteAllText(path, "time,cell\n1,2\n");
        Assert.Contains("not a MATLAB level-5 MAT file", Assert.Throws<ParsimonyException>(() => MatFile.Read(path)).Message);
    }
}
