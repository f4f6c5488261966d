using System.Globalization;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;
using Parsimony.Recordings.Formats;
using PureHDF;

namespace Parsimony.Tests.Recordings;

/// <summary>Readers, clocks, binning, filters, smoothing and shuffles of the recording pipeline, on synthetic data with known answers.</summary>
public class RecordingPipelineTests
{
    const double Rate = 50;                              // stimulus samples per second

    /// <summary>
    /// A 1 × 1 box explored by a bouncing random walk for 600 s at 50 Hz; cell 0 fires 20 Hz in the field x, y &lt; 0.3 and
    /// 0.2 Hz elsewhere, cell 1 fires 2 Hz everywhere. Returns positions (x, y per sample) and spike times per cell.
    /// </summary>
    static (double[] X, double[] Y, double[][] Spikes) PlaceCellSession(int seed = 1, double seconds = 600)
    {
        var rng = new Random(seed);
        int samples = (int)(seconds * Rate);
        double[] x = new double[samples], y = new double[samples];
        double px = 0.5, py = 0.5, heading = 0;
        var spikes = new List<double>[] { new(), new() };
        for (int t = 0; t < samples; t++)
        {
            heading += 0.3 * Normal(rng);
            px += 0.01 * Math.Cos(heading); py += 0.01 * Math.Sin(heading);
            if (px is < 0 or > 1) { heading = Math.PI - heading; px = Math.Clamp(px, 0, 1); }
            if (py is < 0 or > 1) { heading = -heading; py = Math.Clamp(py, 0, 1); }
            x[t] = px; y[t] = py;
            double[] rates = [px < 0.3 && py < 0.3 ? 20 : 0.2, 2];
            for (int c = 0; c < 2; c++)
                if (rng.NextDouble() < rates[c] / Rate) spikes[c].Add((t + rng.NextDouble()) / Rate);
        }
        return (x, y, spikes.Select(s => s.ToArray()).ToArray());
    }

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    static string WriteCsv(string dir, string name, string header, IEnumerable<double[]> rows)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllLines(path, new[] { header }.Concat(rows.Select(r => string.Join(",", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))));
        return path;
    }

    /// <summary>Writes the session as CSV: track.csv (t, x, y) and spikes.csv (time, cell id).</summary>
    static (string Track, string Spikes) WriteSession(string dir, double[] x, double[] y, double[][] spikes)
    {
        var track = WriteCsv(dir, "track.csv", "t,x,y", x.Select((v, t) => new[] { t / Rate, v, y[t] }));
        var table = WriteCsv(dir, "spikes.csv", "time,cell",
            spikes.SelectMany((s, c) => s.Select(time => new[] { time, (double)c })).OrderBy(r => r[0]));
        return (track, table);
    }

    [Fact]
    public void KernelMatchesScipyTruncationAndReflectEdges()
    {
        Assert.Equal(13, GaussianSmoothing.Kernel(1.5).Length);          // radius ⌊4·1.5 + ½⌋ = 6
        Assert.Equal(9, GaussianSmoothing.Kernel(1).Length);
        var w = GaussianSmoothing.Kernel(1);
        var smoothed = GaussianSmoothing.Smooth([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 10, 1, 1, circular: false);
        Assert.Equal(w[4] + w[5], smoothed[0], 14);                       // reflect: the mirror image of the spike sits at −1
        Assert.Equal(w[5] + w[6], smoothed[1], 14);
        Assert.Equal(w[4 + 3] + w[4 + 4], smoothed[3], 14);
        var ring = GaussianSmoothing.Smooth([0, 0, 5, 0, 0, 0, 1, 0], 8, 1, 2, circular: true);
        Assert.Equal(6, ring.Sum(), 12);                                  // wrapping keeps the total
        var flat = GaussianSmoothing.Smooth(Enumerable.Repeat(3.0, 35).ToArray(), 7, 5, 1.5, circular: false);
        Assert.All(flat, v => Assert.Equal(3, v, 12));                    // reflect keeps a constant map constant
    }

    [Fact]
    public void SpikeTimesGoToTheSampleContainingThem()
    {
        double[] times = [0, 0.1, 0.2, 0.3, 0.5];                        // a gap between 0.4 and 0.5
        var r = Recording.FromSpikeTimes("test", StimulusKind.Angle, times, 0.1, [[0, 1, 2, 3, 4]],
            [[0.05, 0.1, 0.35, 0.45, -0.1, 0.55, 0.6]], ["a"]);
        Assert.Equal(new double[] { 1, 1, 0, 1, 1 }, Enumerable.Range(0, 5).Select(t => r.Count(t, 0)));
        Assert.Equal(3, r.SpikesOutside);                                 // 0.45 in the gap, −0.1 before, 0.6 after the end
        Assert.Contains("3 of 7 spike times", Assert.Single(r.Notes));
        var e = Assert.Throws<ParsimonyException>(() => Recording.FromSpikeTimes("f.mat", StimulusKind.Angle, times, 0.1, [[0, 1, 2, 3, 4]],
            [[1500.0, 2000]], ["a"]));
        Assert.Contains("Check SpikeUnits", e.Message);
        Assert.Contains("Check --spike-units", e.Render(Parsimony.Cli.Cli.Flag));
    }

    [Fact]
    public void CountsMustShareTheStimulusClock()
    {
        var e = Assert.Throws<ParsimonyException>(() => Recording.FromCounts("f.csv", StimulusKind.Angle, [0, 1, 2], 1, [[0, 1, 2]], [[1, 0]], ["a"]));
        Assert.Contains("2 rows but the stimulus has 3 samples", e.Message);
    }

    [Fact]
    public void PlaceFieldIsFoundFromCsvSpikeTimesAndPositions()
    {
        var dir = TestPaths.TempDir();
        var (x, y, spikes) = PlaceCellSession();
        for (int t = 100; t < 150; t++) x[t] = double.NaN;               // a tracking dropout
        var (track, table) = WriteSession(dir, x, y, spikes);
        var recording = new RecordingSource([table], track, null, "table:time,cell", "table:x,y", "t", StimulusKind.Position).Load();
        Assert.Equal(2, recording.Cells);
        Assert.Equal(1 / Rate, recording.SampleSeconds, 12);
        var binned = new Population([recording], new RateMapOptions(BinSize: 0.1, Extent: [0, 1, 0, 1]));
        Assert.Equal(10, binned.Binning.BinsX);
        Assert.Equal(50, binned.Samples.NonFinite);
        var curves = binned.Curves();
        int peak = Array.IndexOf(curves.Rates[0], curves.Rates[0].Max());
        var (cx, cy) = curves.Binning.Centre(peak);
        Assert.True(cx < 0.3 && cy < 0.3, $"peak at ({cx}, {cy})");
        var info = RecordingInformation.Compute(curves, false, InfoConvention.Exact);
        Assert.True(info.Matrix.Cells[0].BitsPerSpike > 1.5, $"{info.Matrix.Cells[0].BitsPerSpike}");
        var nulls = ShuffleNull.Run(binned, info, 40, minShiftSeconds: 20, seed: 1);
        Assert.True(nulls.CellZ[0] > 10, $"tuned z {nulls.CellZ[0]}");
        Assert.True(Math.Abs(nulls.CellZ[1]) < 3.5, $"untuned z {nulls.CellZ[1]}");
        Assert.True(nulls.CellP[1] > 0.01);
    }

    [Fact]
    public void ShuffleCorrectionRemovesThePlugInBias()
    {
        // Spec §6.8: untuned spikes over K equiprobable bins have plug-in bias ≈ (K−1)/(2 n ln 2); the shuffle-corrected value ≈ 0.
        var rng = new Random(5);
        int samples = 40_000, cells = 12, k = 20;
        var angle = Enumerable.Range(0, samples).Select(t => (t % k + 0.5) * 2 * Math.PI / k).ToArray();
        var counts = Enumerable.Range(0, cells).Select(_ => Enumerable.Range(0, samples).Select(_ => rng.NextDouble() < 0.005 ? 1.0 : 0).ToArray()).ToArray();
        var recording = Recording.FromCounts("bias", StimulusKind.Angle, angle.Select((_, t) => t * 0.01).ToArray(), 0.01, [angle], counts,
            Enumerable.Range(0, cells).Select(c => $"c{c}").ToArray());
        var binned = new Population([recording], new RateMapOptions(Bins: k));
        var info = RecordingInformation.Compute(binned.Curves(), false, InfoConvention.Exact);
        var observed = info.Matrix.Cells.Select(c => c.BitsPerSpike).ToArray();
        double n = counts.Average(c => c.Sum());
        Assert.Equal((k - 1) / (2 * n * Math.Log(2)), observed.Average(), 0.02);
        var nulls = ShuffleNull.Run(binned, info, 60, minShiftSeconds: 5, seed: 2);
        Assert.True(Math.Abs(nulls.CellCorrected(observed).Average()) < 0.01, $"corrected {nulls.CellCorrected(observed).Average()}");
        Assert.True(Math.Abs(nulls.CellZ.Average()) < 1, $"mean z {nulls.CellZ.Average()}");
    }

    [Fact]
    public void SpeedExtentAndOccupancyFiltersDropWhatTheySay()
    {
        var (x, y, spikes) = PlaceCellSession(seconds: 120);
        for (int t = 1000; t < 1500; t++) { x[t] = x[999]; y[t] = y[999]; }   // 10 s sitting still
        x[2000] = 5;                                                           // a tracking glitch outside the arena
        var times = x.Select((_, t) => t / Rate).ToArray();
        var recording = Recording.FromSpikeTimes("s", StimulusKind.Position, times, 1 / Rate, [x, y], spikes, ["a", "b"]);
        var binned = new BinnedRecording(recording, new RateMapOptions(BinSize: 0.1, Extent: [0, 1, 0, 1], MinSpeed: 0.05));
        Assert.Equal(1, binned.Samples.OutsideExtent);
        Assert.InRange(binned.Samples.TooSlow, 500, 502);                      // the still samples (the glitch's neighbours are fast)
        var curves = new BinnedRecording(recording, new RateMapOptions(BinSize: 0.1, Extent: [0, 1, 0, 1], MinOccupancy: 0.5, Smooth: 1.5)).Curves();
        Assert.All(curves.OccupancySeconds, o => Assert.True(o == 0 || o > 0.5));
        var p = curves.Probabilities(uniform: true);
        Assert.Equal(1, p.Sum(), 12);
        Assert.All(p, v => Assert.True(v == 0 || Math.Abs(v - 1.0 / (100 - curves.ExcludedBins)) < 1e-12));
        var e = Assert.Throws<ParsimonyException>(() => new BinnedRecording(recording, new RateMapOptions(BinSize: 0.1, MinSpeed: 1e6)));
        Assert.Contains("occupancy is zero everywhere", e.Message);
        e = Assert.Throws<OptionException>(() => new BinnedRecording(recording, new RateMapOptions(BinSize: 0.1, MinOccupancy: 1e6)).Curves());
        Assert.Equal("MinOccupancy", ((OptionException)e).Property);
    }

    [Fact]
    public void NwbUnitsAndSpatialSeriesGiveTheSameCountsAsCsv()
    {
        var dir = TestPaths.TempDir();
        var (x, y, spikes) = PlaceCellSession(seconds: 60);
        var data = new double[x.Length, 2];
        for (int t = 0; t < x.Length; t++) { data[t, 0] = x[t]; data[t, 1] = y[t]; }
        var series = new H5Group
        {
            ["data"] = data,
            ["starting_time"] = new H5Dataset(0.0) { Attributes = new() { ["rate"] = Rate } },
        };
        series.Attributes = new() { ["neurodata_type"] = "SpatialSeries" };
        var file = new H5File
        {
            ["units"] = new H5Group
            {
                ["spike_times"] = spikes.SelectMany(s => s).ToArray(),
                ["spike_times_index"] = new long[] { spikes[0].Length, spikes[0].Length + spikes[1].Length },
            },
            ["processing"] = new H5Group { ["behavior"] = new H5Group { ["Position"] = new H5Group { ["position"] = series } } },
        };
        var nwb = Path.Combine(dir, "session.nwb");
        file.Write(nwb);
        var fromNwb = new RecordingSource([nwb], null, null, null, null, null, StimulusKind.Position).Load();
        var (track, table) = WriteSession(dir, x, y, spikes);
        var fromCsv = new RecordingSource([table], track, null, "table:time,cell", "table:x,y", null, StimulusKind.Position, FrameRate: Rate).Load();
        Assert.Equal(fromCsv.Counts, fromNwb.Counts);
        Assert.Equal(fromCsv.Stimulus[0], fromNwb.Stimulus[0]);
        Assert.Equal(2, fromNwb.Cells);
        Assert.Contains("processing/behavior/Position/position/data", Assert.Throws<ParsimonyException>(() => DataFile.Open(nwb).Get("nope")).Message);
    }

    [Fact]
    public void BadFilesAreNamedWithTheirProblem()
    {
        var dir = TestPaths.TempDir();
        var junk = Path.Combine(dir, "junk.bin");
        File.WriteAllBytes(junk, [1, 2, 0, 4, 5, 0, 7]);
        Assert.Contains("not a MAT (level 5), HDF5/NWB or CSV", Assert.Throws<ParsimonyException>(() => DataFile.Open(junk)).Message);
        var csv = WriteCsv(dir, "t.csv", "t,x", [[0, 1], [1, 2]]);
        var e = Assert.Throws<ParsimonyException>(() => DataFile.Open(csv).Columns("table:t,y"));
        Assert.Contains("no column 'y'; its columns are: t, x", e.Message);
        File.WriteAllText(Path.Combine(dir, "bad.csv"), "t,x\n0,1\n1,abc\n");
        Assert.Contains("line 3, column 2: 'abc'", Assert.Throws<ParsimonyException>(() => DataFile.Open(Path.Combine(dir, "bad.csv"))).Message);
        var mat = HeadDirectionPath();
        e = Assert.Throws<ParsimonyException>(() => new RecordingSource([mat], null, "Qrun", null, "angle", null, StimulusKind.Angle, SampleSeconds: 0.01).Load());
        Assert.Contains("no numeric variable 'angle'", e.Message);
        Assert.Contains("angRun (212078×2)", e.Message);
        e = Assert.Throws<ParsimonyException>(() => new RecordingSource([mat], null, "Qrun", null, "angRun", null, StimulusKind.Angle, SampleSeconds: 0.01).Load());
        Assert.Contains("has 2 column(s) but an angle needs 1", e.Message);
    }

    static string HeadDirectionPath() => Analysis.HeadDirectionRecordingTests.DataPath;
}
