using System.Globalization;
using System.Text.Json.Nodes;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Recordings;

/// <summary>Input that would make the numbers meaningless is refused before any run folder exists, with what to change.</summary>
public class InputGuardTests
{
    static string Csv(string dir, string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A 300 s angle track at 30 frames/s sweeping the circle, and a cell tuned to 0 rad with its spike times in ms.</summary>
    static (string Track, string Spikes, int Count) HeadDirectionSession(string dir, bool degrees = false)
    {
        var rng = new Random(8);
        var track = new List<string> { "angle" };
        var spikes = new List<string> { "t_ms" };
        for (int f = 0; f < 9000; f++)
        {
            double angle = (f * 2 * Math.PI / 900 + 0.01) % (2 * Math.PI);             // off the bin edges, so degrees → radians cannot move a sample
            track.Add(F(degrees ? angle * 180 / Math.PI : angle));
            if (rng.NextDouble() < 0.02 + 0.3 * Math.Exp(2 * (Math.Cos(angle) - 1))) spikes.Add(F((f + rng.NextDouble()) * 1000 / 30));
        }
        return (Csv(dir, "track.csv", track), Csv(dir, "spikes.csv", spikes), spikes.Count - 1);
    }

    static string[] Args(string track, string spikes, params string[] more) =>
        ["info", "--input", spikes, "--stimulus-file", track, "--spike-times", "t_ms", "--stimulus", "angle", "--frame-rate", "30", "--shuffles", "0", "--quiet", .. more];

    [Fact]
    public void MillisecondSpikeTimesReadAsSecondsAreRefused()
    {
        var dir = TestPaths.TempDir();
        var (track, spikes, count) = HeadDirectionSession(dir);
        var run = Path.Combine(dir, "run");
        var (code, _, err) = CliTests.Run([.. Args(track, spikes), "--out", run]);          // --spike-units left at s
        Assert.Equal(1, code);
        Assert.Contains($"of {count} spike times", err);
        Assert.Contains("fall outside the tracked time [0, 300] s", err);
        Assert.Contains("Check --spike-units (s or ms)", err);
        Assert.False(Directory.Exists(run));
        (code, _, err) = CliTests.Run([.. Args(track, spikes, "--spike-units", "ms"), "--out", run]);
        Assert.True(code == 0, err);
    }

    [Fact]
    public void AnglesInDegreesAreRefusedAsRadiansAndReadWithAngleUnitsDeg()
    {
        var dir = TestPaths.TempDir();
        var (radians, spikes, _) = HeadDirectionSession(dir);
        var degrees = HeadDirectionSession(TestPaths.TempDir(), degrees: true).Track;                 // the same session, its track in degrees
        var (code, _, err) = CliTests.Run([.. Args(degrees, spikes, "--spike-units", "ms"), "--out", Path.Combine(dir, "bad")]);
        Assert.Equal(1, code);
        Assert.Contains("outside [−2π, 4π]", err);
        Assert.Contains("These look like degrees: add --angle-units deg", err);
        Assert.False(Directory.Exists(Path.Combine(dir, "bad")));
        var (c1, inDegrees, e1) = CliTests.Run([.. Args(degrees, spikes, "--spike-units", "ms", "--angle-units", "deg", "--json"), "--out", Path.Combine(dir, "deg")]);
        var (c2, inRadians, e2) = CliTests.Run([.. Args(radians, spikes, "--spike-units", "ms", "--json"), "--out", Path.Combine(dir, "rad")]);
        Assert.True(c1 == 0 && c2 == 0, e1 + e2);
        Assert.Equal((double)JsonNode.Parse(inRadians)!["ssi_bits_per_spike"]!, (double)JsonNode.Parse(inDegrees)!["ssi_bits_per_spike"]!, 1e-9);
    }

    [Fact]
    public void NonIntegerCountsAreRefusedUnlessDeclaredAsRates()
    {
        var dir = TestPaths.TempDir();
        var lines = new List<string> { "angle,a" };
        for (int t = 0; t < 600; t++) lines.Add($"{F(t % 60 * 2 * Math.PI / 60)},{F(t % 60 < 10 ? 12.5 : 0.5)}");   // rates in Hz
        var table = Csv(dir, "rates.csv", lines);
        string[] args = ["info", "--input", table, "--counts", "table:a", "--stimulus", "table:angle", "--sample-seconds", "0.1", "--shuffles", "0", "--quiet", "--json"];
        var (code, _, err) = CliTests.Run([.. args, "--out", Path.Combine(dir, "counts")]);
        Assert.Equal(1, code);
        Assert.Contains("the count 12.5 in row 0, which is not a whole number", err);
        Assert.Contains("add --rates", err);
        Assert.False(Directory.Exists(Path.Combine(dir, "counts")));
        (code, var json, err) = CliTests.Run([.. args, "--rates", "--out", Path.Combine(dir, "rates")]);
        Assert.True(code == 0, err);
        var cell = JsonNode.Parse(json)!["per_cell"]![0]!;
        Assert.Equal((100 * 12.5 + 500 * 0.5) * 0.1, (double)cell["spikes"]!, 9);               // rate × 0.1 s per row
        Assert.Equal((100 * 12.5 + 500 * 0.5) / 600, (double)cell["mean_rate_hz"]!, 9);
        (code, _, err) = CliTests.Run(["info", "--input", Path.Combine(dir, "rates.csv"), "--spike-times", "table:0", "--rates", "--stimulus", "table:angle", "--sample-seconds", "0.1"]);
        Assert.Equal(2, code);
        Assert.Contains("--rates describes binned counts (--counts)", err);
    }

    [Fact]
    public void TheSpikesUsedArePrintedAndFewSpikesAreWarnedAbout()
    {
        var dir = TestPaths.TempDir();
        var lines = new List<string> { "angle,a,b" };
        for (int t = 0; t < 600; t++) lines.Add($"{F(t % 60 * 2 * Math.PI / 60)},{(t % 60 < 10 ? 1 : 0)},{(t % 100 == 3 ? 1 : 0)}");
        var table = Csv(dir, "counts.csv", lines);
        var (code, output, err) = CliTests.Run("info", "--input", table, "--counts", "table:a,b", "--stimulus", "table:angle", "--sample-seconds", "0.1",
            "--shuffles", "0", "--out", Path.Combine(dir, "run"));
        Assert.True(code == 0, err);
        Assert.Contains("note: spikes used per cell: cell 0 100, cell 1 6.", output);
        Assert.Contains("1 cell(s) have fewer than 50 spikes (cell 1: 6)", output);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")))!;
        Assert.Equal(6, (double)summary["per_cell"]![1]!["spikes"]!);
        Assert.Contains(summary["notes"]!.AsArray(), n => ((string)n!).Contains("fewer than 50 spikes"));
    }

    [Fact]
    public void AFewSpikesOutsideTheTrackAreDroppedWithANote()
    {
        var dir = TestPaths.TempDir();
        var (track, _, _) = HeadDirectionSession(dir);
        var spikes = Csv(dir, "some.csv", ["t_ms", .. Enumerable.Range(0, 70).Select(i => F(i * 4000.0 + 5)), "400000", "500000"]);   // 2 of 72 after the end
        var (code, _, err) = CliTests.Run([.. Args(track, spikes, "--spike-units", "ms"), "--out", Path.Combine(dir, "run")]);
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")))!;
        Assert.Contains(summary["notes"]!.AsArray(), n => ((string)n!).Contains("2 of 72 spike times (2.8%) fell outside the tracked time and were dropped"));
        Assert.Equal(2, (int)summary["spikes_outside_tracked_time"]!);
    }
}
