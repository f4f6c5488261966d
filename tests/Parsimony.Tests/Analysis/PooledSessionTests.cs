using System.Globalization;
using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Recordings;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Analysis;

/// <summary>Cells of several recording sessions, each with its own tracking, as one population on one grid.</summary>
public class PooledSessionTests
{
    const double Rate = 30;
    static readonly RateMapOptions Options = new(BinSize: 10, Extent: [0, 100, 0, 100], Smooth: 1, MinOccupancy: 0.1);

    /// <summary>A session: a walk over the 100 × 100 arena (biased to one side) and place cells at the given centres.</summary>
    static Recording Session(int seed, double bias, params (double X, double Y)[] fields)
    {
        var rng = new Random(seed);
        int samples = 20 * 60 * 30;
        var (x, y) = (new double[samples], new double[samples]);
        double px = 50, py = 50, heading = 0;
        for (int t = 0; t < samples; t++)
        {
            heading += 0.4 * (rng.NextDouble() - 0.5);
            px = Math.Clamp(px + 1.5 * Math.Cos(heading) + bias, 0, 100);
            py = Math.Clamp(py + 1.5 * Math.Sin(heading), 0, 100);
            if (px is 0 or 100 || py is 0 or 100) heading += Math.PI / 2;
            (x[t], y[t]) = (px, py);
        }
        var spikes = fields.Select(f => Enumerable.Range(0, samples)
            .Where(t => rng.NextDouble() < (0.2 + 15 * Math.Exp(-((x[t] - f.X) * (x[t] - f.X) + (y[t] - f.Y) * (y[t] - f.Y)) / 200)) / Rate)
            .Select(t => (t + 0.5) / Rate).ToArray()).ToList();
        return Recording.FromSpikeTimes($"session {seed}", StimulusKind.Position, SampleClock.Regular(samples, Rate), [x, y], spikes, 1,
                                        fields.Select((_, i) => $"c{seed}.{i}").ToArray());
    }

    [Fact]
    public void EachCellsMapComesFromItsOwnSessionsOccupancyOnTheCommonGrid()
    {
        var a = Session(1, bias: 0.3, (70, 50), (30, 30));
        var b = Session(2, bias: -0.3, (20, 70));
        var population = new Population([a, b], Options);
        Assert.Equal(["c1.0", "c1.1", "c2.0"], population.CellNames);
        Assert.Equal([0, 0, 1], population.SessionOf);
        var pooled = population.Curves();
        var alone = new BinnedRecording(b, Options, population.Binning).Curves();
        var aloneA = new BinnedRecording(a, Options, population.Binning).Curves();
        for (int bin = 0; bin < population.Binning.Count; bin++)
        {
            Assert.Equal(aloneA.Included[bin] && alone.Included[bin], pooled.Included[bin]);    // a bin counts where every session sampled it
            if (pooled.Included[bin]) Assert.Equal(alone.Rates[0][bin], pooled.Rates[2][bin], 12);   // session b's cell: b's occupancy only
            Assert.Equal(aloneA.OccupancySeconds[bin] + alone.OccupancySeconds[bin], pooled.OccupancySeconds[bin], 9);
        }
        Assert.Equal(aloneA.TotalSeconds, pooled.SecondsOf(0));
        Assert.Equal(alone.TotalSeconds, pooled.SecondsOf(2));
        var info = RecordingInformation.Compute(pooled, uniformP: true, Parsimony.Information.InfoConvention.Exact);
        Assert.All(info.Matrix.Cells, c => Assert.True(c.BitsPerSpike > 0.5, $"{c.BitsPerSpike}"));
        var nulls = ShuffleNull.Run(population, info, 20, minShiftSeconds: 20, seed: 4, pairs: true);
        Assert.All(nulls.CellZ, z => Assert.True(z > 5, $"z {z}"));                          // each session shifted against its own track
        Assert.NotNull(nulls.PairNullMean);
    }

    [Fact]
    public void PooledPositionsNeedOneExtent()
    {
        var e = Assert.Throws<OptionException>(() => new Population([Session(1, 0, (50, 50)), Session(2, 0, (50, 50))], Options with { Extent = null }));
        Assert.Contains("--extent must be given for 2 pooled sessions", e.Render(Parsimony.Cli.Cli.Flag));
    }

    static string WriteSession(string dir, Recording r)
    {
        var track = Path.Combine(dir, $"{r.Source.Replace(' ', '_')}-track.csv");
        File.WriteAllLines(track, ["x,y", .. Enumerable.Range(0, r.Samples).Select(t => string.Create(CultureInfo.InvariantCulture, $"{r.Stimulus[0][t]:R},{r.Stimulus[1][t]:R}"))]);
        var spikes = Path.Combine(dir, $"{r.Source.Replace(' ', '_')}-spikes.csv");
        var rows = new List<string> { "t,cell" };
        for (int c = 0; c < r.Cells; c++)
            for (int t = 0; t < r.Samples; t++)
                for (int k = 0; k < r.Count(t, c); k++) rows.Add(string.Create(CultureInfo.InvariantCulture, $"{(t + 0.5) / Rate:R},{c}"));
        File.WriteAllLines(spikes, rows);
        return $"{track}={spikes}";
    }

    [Fact]
    public void InfoPoolsSessionsEndToEndAndSaysWhereEachCellCameFrom()
    {
        var dir = TestPaths.TempDir();
        var a = WriteSession(dir, Session(1, 0.3, (70, 50), (30, 30)));
        var b = WriteSession(dir, Session(2, -0.3, (20, 70)));
        var run = Path.Combine(dir, "run");
        string[] common = ["--spike-times", "table:t,cell", "--stimulus", "table:x,y", "--stimulus-kind", "position", "--frame-rate", "30",
                           "--bin-size", "10", "--smooth", "1", "--min-occupancy", "0.1", "--shuffles", "10", "--min-shift", "20", "--quiet"];
        var (code, _, err) = CliTests.Run(["info", "--session", a, "--session", b, .. common, "--out", run]);
        Assert.Equal(2, code);
        Assert.Contains("--extent must be given for 2 pooled sessions", err);
        Assert.False(Directory.Exists(run));

        (code, _, err) = CliTests.Run(["info", "--session", a, "--session", b, .. common, "--extent", "0,100,0,100", "--cells", "1,2", "--out", run]);
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal(2, (int)summary["sessions"]!);
        Assert.Equal([0, 1], summary["per_cell"]!.AsArray().Select(c => (int)c!["session"]!));      // cell 1 of session 0, cell 0 of session 1
        Assert.Equal(["session_1-spikes cell 1", "session_2-spikes cell 0"], summary["per_cell"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(2, summary["recording_sessions"]!.AsArray().Count);
        Assert.Contains("session_2-track.csv", (string)summary["recording_sessions"]![1]!["input"]!);
        Assert.NotNull(summary["matrix_bits_per_spike_shuffle_corrected"]);
        Assert.True(File.Exists(Path.Combine(run, "figures", "si-matrix-shuffle-corrected.png")));
        Assert.True(File.Exists(Path.Combine(run, "figures", "rate-maps.png")));
        (code, _, err) = CliTests.Run(["info", "--session", a, "--input", "x.csv", .. common]);
        Assert.Equal(2, code);
        Assert.Contains("--session replaces --input and --stimulus-file", err);
    }
}
