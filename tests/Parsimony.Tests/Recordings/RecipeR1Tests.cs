using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using Parsimony.Analysis;
using Parsimony.Recordings;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Recordings;

/// <summary>
/// Recipe R1 (spec ssi.md §2.1) step by step on synthetic monkey-format files (int16 [frame, x, y] at 30 fps, spike
/// times in ms; the real files are not shipped): each step has a test built to expose it, and `info --recipe r1` on
/// pooled sessions equals a literal transcription of the seven steps, written here independently of the library.
/// </summary>
public class RecipeR1Tests
{
    // ---------- step 1 and 4: the clock, and which sample a spike belongs to ----------

    [Fact]
    public void Step4ASpikeAtTMillisecondsGoesToSampleFloorOfT30Over1000()
    {
        var clock = SampleClock.Regular(100_000, 30);
        Assert.Equal(1 / 30.0, clock.SampleSeconds);
        // Find spike times on frame boundaries where converting to seconds first and searching the sample starts k/30
        // (the interval rule) disagrees with the spec's ⌊t·30/1000⌋: the regular clock must follow the spec.
        int disagreements = 0;
        for (int k = 1; k < 100_000; k++)
        {
            double t = k * 1000.0 / 30;                                    // ms, on the boundary of frame k
            int spec = (int)Math.Floor(t * 30 / 1000);
            Assert.Equal(spec, clock.SampleOf(t, 1000));
            var irregular = new SampleClock(clock.Times, clock.SampleSeconds);
            if (irregular.SampleOf(t, 1000) != spec) disagreements++;
        }
        Assert.True(disagreements > 0, "the test no longer exposes the rule: no boundary where the two rules differ");
        Assert.Equal(-1, clock.SampleOf(-0.001, 1000));
        Assert.Equal(-1, clock.SampleOf(100_000 * 1000.0 / 30, 1000));       // the end of the last frame
    }

    // ---------- step 2: speed, extent and the upper edge ----------

    [Fact]
    public void Step2TheUpperEdgesAreOutsideAndBinsAreFloorOfVOver10()
    {
        var r1 = new StimulusBinning(StimulusKind.Position, 44, 9, [0, 440, 0, 90], EdgeRule.Drop, UpperEdge.Drop, 10);
        Assert.Equal(-1, r1.BinOf(100, 90));                               // y = 90: floor(90/10) = 9 is not < 9
        Assert.Equal(-1, r1.BinOf(440, 10));
        Assert.Equal(8 * 44 + 10, r1.BinOf(100, 89.999));
        Assert.Equal(3, r1.BinOf(30, 0));                                  // 30/10 = 3 exactly (30/440·44 would round)
        var numpy = r1 with { Upper = UpperEdge.LastBin };
        Assert.Equal(8 * 44 + 10, numpy.BinOf(100, 90));                   // histogram2d's convention
        for (int v = 0; v < 440; v++) Assert.Equal(v / 10, r1.BinOf(v, 0));
    }

    [Fact]
    public void Step2SpeedIsStepLengthTimes30AndTheFirstSampleHasNone()
    {
        // Sample 1 moves 1 unit (30 units/s), sample 2 stands still, sample 3 moves 0.5 (15 units/s).
        double[] x = [100, 101, 101, 101.5], y = [50, 50, 50, 50];
        var recording = Recording.FromCounts("r", StimulusKind.Position, SampleClock.Regular(4, 30).Times, 1 / 30.0, [x, y], [[1, 1, 1, 1]], ["a"]) with { Rate = 30 };
        var options = new RateMapOptions(BinSize: 10, Extent: [0, 440, 0, 90], MinSpeed: 20, UpperEdge: UpperEdge.Drop, FirstSpeed: FirstSpeed.None);
        var binned = new BinnedRecording(recording, options);
        Assert.Equal(1, binned.Samples.Kept);                              // only sample 1
        Assert.Equal(3, binned.Samples.TooSlow);                           // the first has no speed; 0 and 15 are too slow
        Assert.Equal(2, new BinnedRecording(recording, options with { FirstSpeed = FirstSpeed.Next }).Samples.Kept);
    }

    // ---------- step 3: occupancy per sample ----------

    [Fact]
    public void Step3EachKeptSampleAddsOneThirtiethOfASecond()
    {
        var (frames, x, y) = Walk(seed: 4, samples: 3000);
        var recording = Recording.FromCounts("r", StimulusKind.Position, SampleClock.Regular(frames.Length, 30).Times, 1 / 30.0, [x, y],
            [new double[frames.Length]], ["a"]) with { Rate = 30 };
        var curves = new BinnedRecording(recording, R1Options).Curves();
        Assert.Equal(curves.Samples.Kept / 30.0, curves.OccupancySeconds.Sum(), 9);   // smoothing (reflect) keeps the total
        Assert.Equal(curves.Samples.Kept / 30.0, curves.TotalSeconds, 12);
    }

    // ---------- step 5: smoothing ----------

    [Fact]
    public void Step5SmoothingIsScipysGaussianFilterWithReflectEdges()
    {
        // Reference values from scipy 1.10.1 (Debian's python3-scipy):
        //   m[x, y] = ((7x + 3y) mod 11) + 5·[x = 0] + 4·[y = 8] on a 44 × 9 grid;
        //   scipy.ndimage.gaussian_filter(m, 1.5, mode='reflect', truncate=4.0)[x, y]
        var map = new double[44 * 9];
        for (int ix = 0; ix < 44; ix++)
            for (int iy = 0; iy < 9; iy++) map[iy * 44 + ix] = (ix * 7 + iy * 3) % 11 + (ix == 0 ? 5 : 0) + (iy == 8 ? 4 : 0);
        var smoothed = GaussianSmoothing.Smooth(map, 44, 9, 1.5, circular: false);
        (int X, int Y, double Value)[] scipy = [(0, 0, 6.809900516275213), (0, 8, 10.022333267585626), (1, 4, 6.424905149878775),
            (43, 8, 7.120548445779219), (20, 3, 5.20735947929905), (43, 0, 4.995964441653606), (5, 8, 6.461516159263045)];
        foreach (var (ix, iy, value) in scipy) Assert.Equal(value, smoothed[iy * 44 + ix], 12);
        Assert.Equal(Smooth(map, 44, 9), smoothed, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    // ---------- step 6 and 7: minimum occupancy, and p over the whole grid ----------

    [Fact]
    public void Steps6And7LowBinsHaveRateZeroAndStayInAUniformPOverAll396Bins()
    {
        var (frames, x, y) = Walk(seed: 5, samples: 4000);
        var counts = frames.Select((_, k) => k % 7 == 0 ? 1.0 : 0).ToArray();
        var recording = Recording.FromCounts("r", StimulusKind.Position, SampleClock.Regular(frames.Length, 30).Times, 1 / 30.0, [x, y],
            [counts], ["a"]) with { Rate = 30 };
        var curves = new BinnedRecording(recording, R1Options).Curves();
        Assert.True(curves.ExcludedBins > 0, "the walk must leave some bins at or below 0.125 s");
        for (int b = 0; b < 396; b++)
            Assert.Equal(curves.OccupancySeconds[b] > 0.125, curves.Rates[0][b] > 0 || curves.Included[b]);
        var p = curves.Probabilities(uniform: true);
        Assert.All(p, v => Assert.Equal(1.0 / 396, v));                                       // R1: every bin, rate 0 or not
        var excluded = (curves with { LowOccupancy = LowOccupancy.Exclude }).Probabilities(uniform: true);
        Assert.All(excluded.Where((_, b) => !curves.Included[b]), v => Assert.Equal(0, v));    // the other convention
    }

    // ---------- the whole recipe, end to end, on pooled sessions ----------

    [Fact]
    public void InfoRecipeR1OnPooledSessionsEqualsALiteralTranscriptionOfTheSpec()
    {
        var dir = TestPaths.TempDir();
        var sessions = new List<(string Position, string[] Spikes, int[] Frames, double[] X, double[] Y, double[][] SpikesMs)>();
        int cell = 0;
        foreach (var (seed, cells) in new[] { (11, 2), (12, 1) })
        {
            var (frames, x, y) = Walk(seed, samples: 9000);
            var position = Path.Combine(dir, $"MonkeyPosition_ID{seed}.mat");
            MatWriter.Write(position, ("MonkeyPosition", frames.Select((f, k) => new double[] { f, x[k], y[k] }).ToArray(), MatWriter.MiInt16, 10));
            var spikes = new List<double[]>();
            var files = new List<string>();
            for (int c = 0; c < cells; c++, cell++)
            {
                var times = PlaceCellSpikes(x, y, seed * 10 + c, 60 + 120 * cell, 30 + 15 * cell);
                spikes.Add(times);
                var file = Path.Combine(dir, $"SpikeTimeStamp_ID{seed}_{c}.mat");
                MatWriter.Write(file, ("SpTimeStamp", times.Select(t => new[] { t }).ToArray(), MatWriter.MiDouble, 6));
                files.Add(file);
            }
            sessions.Add((position, files.ToArray(), frames, x, y, spikes.ToArray()));
        }
        var run = Path.Combine(dir, "run");
        var (code, _, err) = CliTests.Run(["info", "--recipe", "r1", "--shuffles", "0", "--out", run, "--quiet",
                                           .. sessions.SelectMany(s => new[] { "--session", $"{s.Position}={string.Join(',', s.Spikes)}" })]);
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;

        var rates = sessions.SelectMany(s => LiteralRates(s.Frames, s.X, s.Y, s.SpikesMs)).ToArray();
        var (bits, j, lambda1) = LiteralInformation(rates);
        Assert.Equal(2, (int)summary["sessions"]!);
        Assert.Equal([0, 0, 1], summary["per_cell"]!.AsArray().Select(c => (int)c!["session"]!));
        for (int c = 0; c < rates.Length; c++)
        {
            Assert.Equal(bits[c], (double)summary["per_cell"]![c]!["bits_per_spike"]!, 1e-9 * Math.Max(1, bits[c]));
            for (int d = 0; d < rates.Length; d++)
                Assert.Equal(j[c, d], (double)summary["matrix_bits_per_spike"]![c]![d]!, 1e-9 * Math.Max(1, Math.Abs(j[c, d])));
        }
        Assert.Equal(lambda1, (double)summary["ssi_bits_per_spike"]!, 1e-9 * lambda1);
        Assert.Equal("r1", (string?)summary["recipe"]!["name"]);
        Assert.Empty(summary["recipe"]!["changed"]!.AsArray());
        Assert.Equal(396, (int)summary["bins"]!);
        Assert.Equal("uniform", (string?)summary["p"]);
        Assert.True(bits.All(b => b > 0.3), "the synthetic cells are place cells");
        Assert.Contains(">session<", File.ReadAllText(Path.Combine(run, "report.html")));   // the per-cell table names each cell's session
    }

    [Fact]
    public void ARecipeOptionTypedByTheUserWinsAndIsListed()
    {
        var (code, json, err) = CliTests.Run("info", "--recipe", "r2", "--bins", "30", "--shuffles", "0", "--out", Path.Combine(TestPaths.TempDir(), "r"), "--quiet", "--json");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(json)!;
        Assert.Equal(30, (int)summary["bins"]!);
        Assert.Equal("reference", (string?)summary["convention"]);                     // the rest of the recipe still applies
        Assert.Equal(["bins: 30 (recipe: 60)"], summary["recipe"]!["changed"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public void RecipeR1WithoutTheMonkeyFilesSaysHowToGiveThem()
    {
        var (code, _, err) = CliTests.Run("info", "--recipe", "r1");
        Assert.Equal(2, code);
        Assert.Contains("--session POSITION.mat=SPIKES.mat", err);
    }

    // ---------- the synthetic data ----------

    static readonly RateMapOptions R1Options = new(BinSize: 10, Extent: [0, 440, 0, 90], MinSpeed: 20, Smooth: 1.5, MinOccupancy: 0.125,
        UpperEdge: UpperEdge.Drop, LowOccupancy: LowOccupancy.ZeroRate, FirstSpeed: FirstSpeed.None);

    /// <summary>An integer random walk over about 440 × 100 (so some samples sit on and beyond y = 90 and x = 440), with pauses.</summary>
    static (int[] Frames, double[] X, double[] Y) Walk(int seed, int samples)
    {
        var rng = new Random(seed);
        var (x, y) = (new double[samples], new double[samples]);
        double px = 200, py = 45, dx = 1, dy = 0;
        for (int k = 0; k < samples; k++)
        {
            if (rng.Next(40) == 0) (dx, dy) = (rng.Next(-2, 3), rng.Next(-1, 2));
            bool pause = rng.Next(6) == 0;
            px = Math.Clamp(px + (pause ? 0 : dx), 0, 440);
            py = Math.Clamp(py + (pause ? 0 : dy), 0, 100);
            if (px is 0 or 440) dx = -dx;
            if (py is 0 or 100) dy = -dy;
            (x[k], y[k]) = (px, py);
        }
        return (Enumerable.Range(1, samples).ToArray(), x, y);
    }

    /// <summary>Spike times in ms of a place cell centred at (cx, cy); some fall exactly on frame boundaries, a few outside the recording.</summary>
    static double[] PlaceCellSpikes(double[] x, double[] y, int seed, double cx, double cy)
    {
        var rng = new Random(seed);
        var times = new List<double> { -50, x.Length * 1000.0 / 30 + 10 };
        for (int k = 0; k < x.Length; k++)
        {
            double rate = 0.5 + 25 * Math.Exp(-((x[k] - cx) * (x[k] - cx) + (y[k] - cy) * (y[k] - cy)) / (2 * 30 * 30));
            if (rng.NextDouble() < rate / 30)
                times.Add(rng.Next(5) == 0 ? k * 1000.0 / 30 : (k + rng.NextDouble()) * 1000.0 / 30);
        }
        return times.Order().ToArray();
    }

    // ---------- spec §2.1 R1, transcribed literally (independent of the library) ----------

    /// <summary>Steps 1–6 for one session: the rate map of every cell, flattened as iy·44 + ix.</summary>
    static IEnumerable<double[]> LiteralRates(int[] frame, double[] x, double[] y, double[][] spikesMs)
    {
        int n = frame.Length;
        var kept = new bool[n];
        var bin = new (int X, int Y)[n];
        var occ = new double[44 * 9];
        for (int k = 0; k < n; k++)
        {
            // 1. sample k at (frame_k − 1)/30 s; 2. speed = |Δxy|·30 from the previous sample (the first has none)
            double speed = k == 0 ? double.NaN : Math.Sqrt((x[k] - x[k - 1]) * (x[k] - x[k - 1]) + (y[k] - y[k - 1]) * (y[k] - y[k - 1])) * 30;
            int ix = (int)Math.Floor(x[k] / 10), iy = (int)Math.Floor(y[k] / 10);
            kept[k] = speed >= 20 && ix >= 0 && ix < 44 && iy >= 0 && iy < 9;
            bin[k] = (ix, iy);
            if (kept[k]) occ[iy * 44 + ix] += 1.0 / 30;                   // 3.
        }
        var occS = Smooth(occ, 44, 9);                                      // 5.
        foreach (var spikes in spikesMs)
        {
            var counts = new double[44 * 9];
            foreach (var t in spikes)
            {
                long k = (long)Math.Floor(t * 30 / 1000);                   // 4.
                if (k >= 0 && k < n && kept[k]) counts[bin[k].Y * 44 + bin[k].X]++;
            }
            var countsS = Smooth(counts, 44, 9);
            yield return countsS.Select((c, b) => occS[b] > 0.125 ? c / occS[b] : 0).ToArray();   // 6.
        }
    }

    /// <summary>scipy's gaussian_filter, σ = 1.5, truncate 4 (radius 6), mode 'reflect' (… c b a | a b c …), along x then y.</summary>
    static double[] Smooth(double[] map, int nx, int ny)
    {
        const double sigma = 1.5;
        const int radius = 6;
        var w = Enumerable.Range(-radius, 2 * radius + 1).Select(k => Math.Exp(-k * k / (2 * sigma * sigma))).ToArray();
        double total = w.Sum();
        w = w.Select(v => v / total).ToArray();
        static int Reflect(int i, int n) { while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1; return i; }
        var alongX = new double[map.Length];
        for (int iy = 0; iy < ny; iy++)
            for (int ix = 0; ix < nx; ix++)
                for (int k = -radius; k <= radius; k++) alongX[iy * nx + ix] += w[k + radius] * map[iy * nx + Reflect(ix + k, nx)];
        var result = new double[map.Length];
        for (int iy = 0; iy < ny; iy++)
            for (int ix = 0; ix < nx; ix++)
                for (int k = -radius; k <= radius; k++) result[iy * nx + ix] += w[k + radius] * alongX[Reflect(iy + k, ny) * nx + ix];
        return result;
    }

    /// <summary>Step 7: uniform p over all bins, the authors' I_spike and J_spike (eps 1e-10, unweighted Pearson r), λ₁ = max |eig|.</summary>
    static (double[] Bits, double[,] J, double Lambda1) LiteralInformation(double[][] rates)
    {
        const double eps = 1e-10;
        int n = rates.Length, bins = rates[0].Length;
        double p = 1.0 / bins;
        var mean = rates.Select(r => r.Sum() * p).ToArray();
        var bits = rates.Select((r, c) =>
        {
            double sec = r.Where(v => v > 0).Sum(v => p * v * Math.Log2(v / mean[c] + eps));
            return sec / (Math.Abs(mean[c]) <= eps ? eps : mean[c]);
        }).ToArray();
        double Pearson(double[] a, double[] b)
        {
            double ma = a.Average(), mb = b.Average();
            double sab = a.Zip(b).Sum(v => (v.First - ma) * (v.Second - mb)), saa = a.Sum(v => (v - ma) * (v - ma)), sbb = b.Sum(v => (v - mb) * (v - mb));
            return sab / Math.Sqrt(saa * sbb);
        }
        static double L(double ratio) => ratio > 0 ? Math.Log2(ratio + eps) : 0;
        var j = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double r = a == b ? 1 : Pearson(rates[a], rates[b]);
                var g = rates[a].Zip(rates[b], (u, v) => Math.Sqrt(u * v + eps)).ToArray();
                double gMean = g.Sum() * p, uaMean = mean[a] - r * gMean + eps, ubMean = mean[b] - r * gMean + eps, sec = 0;
                for (int x = 0; x < bins; x++)
                {
                    double ua = rates[a][x] - r * g[x], ub = rates[b][x] - r * g[x];
                    sec += p * (r * g[x] * L(g[x] / gMean) + ua * L(ua / uaMean) + ub * L(ub / ubMean));
                }
                double alpha = (mean[a] + mean[b]) / 2;
                j[a, b] = alpha == 0 ? sec : sec / alpha;
            }
        var symmetric = Matrix<double>.Build.Dense(n, n, (a, b) => 0.5 * (j[a, b] + j[b, a]));
        double lambda1 = symmetric.Evd(Symmetricity.Symmetric).EigenValues.Max(e => Math.Abs(e.Real));
        return (bits, j, lambda1);
    }
}
