using System.Globalization;
using System.Text.Json.Nodes;

namespace Parsimony.Tests.Cli;

public class InfoCliTests
{
    [Fact]
    public void PositionRecordingFromCsvWritesRateMapsShufflesAndSummary()
    {
        var dir = TestPaths.TempDir();
        var rng = new Random(3);
        var track = new List<string> { "frame,x,y" };
        var spikes = new List<string> { "time_ms" };
        double x = 50, y = 50, heading = 0;
        for (int f = 0; f < 30 * 300; f++)                                  // 300 s at 30 frames/s in a 100 × 100 arena
        {
            heading += 0.3 * (rng.NextDouble() - 0.5);
            x = Math.Clamp(x + 2 * Math.Cos(heading), 0, 100); y = Math.Clamp(y + 2 * Math.Sin(heading), 0, 100);
            if (x is 0 or 100 || y is 0 or 100) heading += Math.PI / 2;
            track.Add(string.Create(CultureInfo.InvariantCulture, $"{f},{x:F2},{(f % 500 == 7 ? "NaN" : y.ToString("F2", CultureInfo.InvariantCulture))}"));
            if (rng.NextDouble() < (x > 60 && y > 60 ? 0.5 : 0.01)) spikes.Add(string.Create(CultureInfo.InvariantCulture, $"{(f + 0.5) / 30 * 1000:F3}"));
        }
        File.WriteAllLines(Path.Combine(dir, "track.csv"), track);
        File.WriteAllLines(Path.Combine(dir, "cell1.csv"), spikes);
        var outDir = Path.Combine(dir, "run");
        var (code, output, err) = CliTests.Run("info", "--input", Path.Combine(dir, "cell1.csv"), "--stimulus-file", Path.Combine(dir, "track.csv"),
            "--spike-times", "time_ms", "--spike-units", "ms", "--stimulus", "table:x,y", "--stimulus-kind", "position", "--frame-rate", "30",
            "--bin-size", "10", "--extent", "0,100,0,100", "--smooth", "1.5", "--min-occupancy", "0.125", "--shuffles", "20", "--min-shift", "20",
            "--out", outDir, "--json", "--quiet");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(output)!;
        Assert.Equal("position", summary["stimulus"]!.GetValue<string>());
        Assert.Equal(100, summary["bins"]!.GetValue<int>());
        Assert.Equal(18, summary["samples_dropped_nonfinite"]!.GetValue<int>());
        var cell = summary["per_cell"]![0]!;
        Assert.True(cell["bits_per_spike"]!.GetValue<double>() > 1);
        Assert.True(cell["shuffle_z"]!.GetValue<double>() > 5);
        Assert.Equal(1.0 / 21, cell["shuffle_p"]!.GetValue<double>(), 12);
        foreach (var figure in new[] { "rate-maps.png", "si-matrix.png", "ssi-eigenvector.png", "ssi-shuffle-null.png", "shuffle-z.png" })
            Assert.True(File.Exists(Path.Combine(outDir, "figures", figure)), figure);
        Assert.True(File.Exists(Path.Combine(outDir, "summary.json")));
    }

    [Fact]
    public void BadInputsFailWithOneLineAndNoRunFolder()
    {
        var dir = TestPaths.TempDir();
        var junk = Path.Combine(dir, "junk.dat");
        File.WriteAllBytes(junk, [0, 1, 2, 3]);
        var outDir = Path.Combine(dir, "run");
        var (code, _, err) = CliTests.Run("info", "--input", junk, "--counts", "x", "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("junk.dat: not a MAT (level 5), HDF5/NWB or CSV file", err);
        (code, _, err) = CliTests.Run("info", "--cells", "3-1", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("backwards", err);
        var counts = Path.Combine(dir, "counts.csv");
        File.WriteAllLines(counts, ["angle,a,b", "0.1,1,0", "2.0,0,1", "4.0,2,0"]);
        (code, _, err) = CliTests.Run("info", "--input", counts, "--counts", "table:a,b", "--stimulus", "angle", "--sample-seconds", "0.1", "--cells", "25", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("--cells names cell 25, which does not exist", err);
        Assert.False(Directory.Exists(outDir));
    }
}
