using System.Text;
using Parsimony.Experiments.Info;

namespace Parsimony.Tests.Fuzz;

/// <summary>
/// One case per failure the fault-and-fuzz campaign found: the stored files of <c>Fuzz/Regressions/</c> (mutated seeds
/// that once escaped as internal errors) and files built here to show one defect each. Every one must now end in the
/// project's clean error, with a message that names the problem and shows no control characters.
/// </summary>
public class RegressionTests
{
    static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "Parsimony.Tests", "Fuzz", "Regressions");

    public static TheoryData<string> StoredFiles() => new(Directory.GetFiles(Folder).Select(Path.GetFileName).Order()!);

    static InfoConfig ConfigFor(string path) => Path.GetExtension(path) switch
    {
        ".mat" => ReaderFuzzTests.MatConfig,
        ".csv" => ReaderFuzzTests.CsvConfig,
        _ => ReaderFuzzTests.NwbConfig,
    };

    [Theory]
    [MemberData(nameof(StoredFiles))]
    public void AStoredCaseEndsInACleanError(string name)
    {
        var path = Path.Combine(Folder, name);
        var (outcome, detail) = ReaderFuzzTests.Run(path, ConfigFor(path));
        Assert.True(outcome == ReaderFuzzTests.Outcome.CleanError, $"{name}: {outcome} {detail}");
    }

    /// <summary>A MAT file of one numeric variable with the given dimension element and stored doubles.</summary>
    static string Mat(string name, int[] dims, double[] values, bool emptyDims = false)
    {
        static byte[] Element(int type, byte[] payload)
        {
            var s = new MemoryStream();
            s.Write(BitConverter.GetBytes(type)); s.Write(BitConverter.GetBytes(payload.Length)); s.Write(payload);
            while (s.Length % 8 != 0) s.WriteByte(0);
            return s.ToArray();
        }
        var body = new MemoryStream();
        body.Write(Element(6, [6, 0, 0, 0, 0, 0, 0, 0]));                                               // class double
        body.Write(Element(5, emptyDims ? [] : dims.SelectMany(BitConverter.GetBytes).ToArray()));
        body.Write(Element(1, Encoding.ASCII.GetBytes(name)));
        body.Write(Element(9, values.SelectMany(BitConverter.GetBytes).ToArray()));
        var header = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file").CopyTo(header, 0);
        header[124] = 0; header[125] = 1; header[126] = (byte)'I'; header[127] = (byte)'M';
        var path = Path.Combine(TestPaths.TempDir(), "case.mat");
        File.WriteAllBytes(path, [.. header, .. Element(14, body.ToArray())]);
        return path;
    }

    public static TheoryData<string, string> BuiltCases()
    {
        return new()
        {
            { Mat("counts", [-1, 3], new double[3]), "declares the dimensions [-1, 3]" },
            { Mat("counts", [], new double[3], emptyDims: true), "declares the dimensions []" },
            { Mat("counts", [600, 5], new double[1800]), "declares 600×5 = 3000 values but stores 1800" },
            { Mat("counts", [400, 1_987_720_417], new double[8]), "declares 400×1987720417" },
            { Mat("counts\u001b[31m\u0000", [2, 2], new double[4]), "\\x1B[31m\\x00" },
        };
    }

    [Theory]
    [MemberData(nameof(BuiltCases))]
    public void ABuiltMatCaseEndsInACleanError(string path, string message)
    {
        var (outcome, detail) = ReaderFuzzTests.Run(path, ReaderFuzzTests.MatConfig);
        Assert.True(outcome == ReaderFuzzTests.Outcome.CleanError, $"{outcome} {detail}");
        Assert.Contains(message, detail);
    }

    [Fact]
    public void HugeCountsAreRefusedBeforeTheyOverflow()
    {
        var counts = Enumerable.Range(0, 600).Select(i => i == 5 ? 1e306 : i % 3).ToArray();
        var path = Path.Combine(TestPaths.TempDir(), "counts.mat");
        var angle = Enumerable.Range(0, 600).Select(i => i * 0.01).ToArray();
        File.WriteAllBytes(path, MatWithTwo(counts, angle));
        var (outcome, detail) = ReaderFuzzTests.Run(path, ReaderFuzzTests.MatConfig with { Counts = "counts" });
        Assert.Equal(ReaderFuzzTests.Outcome.CleanError, outcome);
        Assert.Contains("these are not spike counts", detail);
    }

    static byte[] MatWithTwo(double[] counts, double[] angle)
    {
        var a = File.ReadAllBytes(Mat("counts", [counts.Length, 1], counts));
        var b = File.ReadAllBytes(Mat("angle", [angle.Length, 1], angle));
        return [.. a, .. b.Skip(128)];
    }

    [Fact]
    public void ALongBadLineIsCutInTheMessage()
    {
        var path = Path.Combine(TestPaths.TempDir(), "long.csv");
        File.WriteAllText(path, "angle,a,b,c\n0.1,1,0,0\n0.2," + new string('x', 292_000) + ",0,0\n");
        var (outcome, detail) = ReaderFuzzTests.Run(path, ReaderFuzzTests.CsvConfig);
        Assert.Equal(ReaderFuzzTests.Outcome.CleanError, outcome);
        Assert.Contains("(292000 characters)", detail);
        Assert.True(detail.Length < 600, $"{detail.Length} characters");
    }

    [Fact]
    public void AnLzfCompressedNwbFileIsRead()
    {
        var path = Path.Combine(TestPaths.TempDir(), "lzf.nwb");
        File.WriteAllBytes(path, SeedFiles.Nwb()[2]);                                 // the seed written with h5py's LZF filter
        var (outcome, detail) = ReaderFuzzTests.Run(path, ReaderFuzzTests.NwbConfig);
        Assert.True(outcome == ReaderFuzzTests.Outcome.Accepted, detail);
    }

    [Fact]
    public void LzfDecodesBackReferencesAndRefusesBadOnes()
    {
        var filter = new Parsimony.Recordings.Formats.LzfFilter();
        // "abcabcabc": three literals, then a back-reference of length 6 at distance 3 (control 0b100_00000, offset byte 2).
        byte[] stream = [2, (byte)'a', (byte)'b', (byte)'c', (6 - 2) << 5, 2];
        var info = new PureHDF.Filters.FilterInfo(PureHDF.Filters.H5FilterFlags.Decompress, [], 9, stream);
        Assert.Equal("abcabcabc", Encoding.ASCII.GetString(filter.Filter(info).Span));
        var bad = new PureHDF.Filters.FilterInfo(PureHDF.Filters.H5FilterFlags.Decompress, [], 9, new byte[] { 0, (byte)'a', (6 - 2) << 5, 9 });
        Assert.Throws<InvalidDataException>(() => filter.Filter(bad));
    }
}
