using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Analysis;

/// <summary>Analysing chosen time intervals only (pynapple's <c>restrict</c>: start ≤ t ≤ end).</summary>
public class EpochTests
{
    [Fact]
    public void IntervalsParseFromTextOrFileWithInclusiveEnds()
    {
        var epochs = Epochs.Parse("20:30, 0:10");
        Assert.Equal([(0.0, 10.0), (20.0, 30.0)], epochs.Intervals);
        Assert.True(epochs.Contains(0) && epochs.Contains(10) && epochs.Contains(25) && epochs.Contains(30));
        Assert.False(epochs.Contains(10.5) || epochs.Contains(-1) || epochs.Contains(31));
        var file = Path.Combine(TestPaths.TempDir(), "epochs.txt");
        File.WriteAllLines(file, ["# start end", "0 10", "", "20,30  # second half"]);
        Assert.Equal(epochs.Intervals, Epochs.Parse(file).Intervals);
        Assert.Contains("whose end is not after its start", Assert.Throws<OptionException>(() => Epochs.Parse("5:5")).Message);
        Assert.Contains("'a:b' is not one", Assert.Throws<OptionException>(() => Epochs.Parse("a:b")).Message);
        Assert.Equal("0:10,20:30", epochs.ToString());
    }

    [Fact]
    public void TheTwoHalvesOfTheShippedRecordingShowStableHeadDirectionCells()   // r = 0.75 between the halves' per-cell bits/spike
    {
        var dir = TestPaths.TempDir();
        var halves = new[] { "0:1060.39", "1060.39:2121" }.Select((e, i) =>
        {
            var run = Path.Combine(dir, $"half{i}");
            var (code, _, err) = CliTests.Run("info", "--epochs", e, "--shuffles", "0", "--out", run, "--quiet");
            Assert.True(code == 0, err);
            return JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        }).ToArray();
        foreach (var half in halves)
        {
            Assert.Equal(2120.78 / 2, (double)half["total_seconds"]!, 0);
            Assert.Equal(212_078, (int)half["samples_kept"]! + (int)half["samples_dropped_outside_epochs"]!);
        }
        Assert.Equal("0:1060.39", (string?)halves[0]["epochs"]);
        var first = halves[0]["per_cell"]!.AsArray().Select(c => (double)c!["bits_per_spike"]!).ToArray();
        var second = halves[1]["per_cell"]!.AsArray().Select(c => (double)c!["bits_per_spike"]!).ToArray();
        double correlation = MathNet.Numerics.Statistics.Correlation.Pearson(first, second);
        Assert.True(correlation > 0.6, $"the cells' information in the two halves correlates {correlation}");
    }
}
