using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;

namespace Parsimony.Tests.Analysis;

/// <summary>The plug-in Skaggs information's upward bias (spec ssi.md §1.6, §6.8) and its two corrections.</summary>
public class BiasCorrectionTests
{
    /// <summary>An angle track visiting K bins equally, and Poisson spike counts from per-bin <paramref name="rates"/> (Hz), 10 ms samples.</summary>
    static Recording Simulated(int seed, int samples, int bins, IReadOnlyList<double[]> rates)
    {
        var rng = new Random(seed);
        var angle = Enumerable.Range(0, samples).Select(t => (t * 7 % bins + 0.5) * 2 * Math.PI / bins).ToArray();
        var counts = rates.Select(r => angle.Select(a => (double)Poisson(rng, r[(int)(a / (2 * Math.PI) * bins)] * 0.01)).ToArray()).ToArray();
        return Recording.FromCounts("sim", StimulusKind.Angle, angle.Select((_, t) => t * 0.01).ToArray(), 0.01, [angle], counts,
                                    rates.Select((_, c) => $"c{c}").ToArray());
    }

    static int Poisson(Random rng, double mean)
    {
        int k = 0;
        for (double p = Math.Exp(-mean), s = p, u = rng.NextDouble(); u > s; s += p *= mean / ++k) { }
        return k;
    }

    [Fact]
    public void UntunedCellsAreCorrectedToZeroWithinTheShuffleSpread()
    {
        const int bins = 20, cells = 16;
        var flat = Enumerable.Range(0, cells).Select(_ => Enumerable.Repeat(0.5, bins).ToArray()).ToArray();   // 0.5 Hz: ~200 spikes in 400 s
        var recording = Simulated(3, 40_000, bins, flat);
        var population = new Population([recording], new RateMapOptions(Bins: bins));
        var info = RecordingInformation.Compute(population.Curves(), false, InfoConvention.Exact);
        var plugin = info.Matrix.Cells.Select(c => c.BitsPerSpike).ToArray();
        double n = info.Curves.SpikeCounts.Average();
        Assert.Equal(SkaggsBias.Expected(bins, n), plugin.Average(), 0.015);                       // §6.8: ≈ (K − 1)/(2 n ln 2)
        Assert.True(Math.Abs(info.BiasCorrected().Average()) < 0.01, $"analytic {info.BiasCorrected().Average()}");
        var nulls = ShuffleNull.Run(population, info, 40, minShiftSeconds: 10, seed: 2, pairs: true);
        double spread = nulls.CellNull.Average(c => StandardDeviation(c));
        Assert.True(Math.Abs(nulls.CellCorrected(plugin).Average()) < spread, $"cells: {nulls.CellCorrected(plugin).Average()} vs spread {spread}");
        Assert.True(Math.Abs(nulls.SsiCorrected(info.Ssi.Lambda1)) < 3 * StandardDeviation(nulls.SsiNull),
                    $"SSI: {nulls.SsiCorrected(info.Ssi.Lambda1)} vs sd {StandardDeviation(nulls.SsiNull)}");
        var pairs = nulls.PairCorrected(info.Matrix.BitsPerSpike)!;
        double meanPair = Enumerable.Range(0, cells).SelectMany(a => Enumerable.Range(a + 1, cells - a - 1).Select(b => pairs[a, b])).Average();
        Assert.True(Math.Abs(meanPair) < 0.02, $"pairs: {meanPair}");
        Assert.True(info.Ssi.Lambda1 > 1, "the uncorrected SSI of untuned cells is far from 0");
    }

    [Fact]
    public void TheAnalyticCorrectionConvergesOnATunedCellsTrueInformation()
    {
        const int bins = 60;
        var rates = Enumerable.Range(0, bins).Select(b => 2 * Math.Exp(2 * Math.Cos((b + 0.5) * 2 * Math.PI / bins))).ToArray();
        double truth = Skaggs.Compute(rates, Enumerable.Repeat(1.0 / bins, bins).ToArray()).BitsPerSpike;
        double previous = double.PositiveInfinity;
        foreach (int samples in new[] { 6_000, 24_000, 96_000, 384_000 })
        {
            var errors = Enumerable.Range(0, 4).Select(seed =>
            {
                var info = RecordingInformation.Compute(TuningCurves.Compute(Simulated(seed, samples, bins, [rates]), new RateMapOptions(Bins: bins)),
                                                        false, InfoConvention.Exact);
                return (Plugin: info.Matrix.Cells[0].BitsPerSpike - truth, Corrected: info.BiasCorrected()[0] - truth);
            }).ToArray();
            double plugin = errors.Average(e => e.Plugin), corrected = errors.Average(e => e.Corrected);
            Assert.True(plugin > 0, $"{samples} samples: the plug-in estimate is biased upward ({plugin})");
            Assert.True(Math.Abs(corrected) < plugin, $"{samples} samples: corrected error {corrected} vs plug-in {plugin}");
            Assert.True(errors.Average(e => Math.Abs(e.Corrected)) < previous * 1.05, $"{samples} samples: no convergence");
            previous = errors.Average(e => Math.Abs(e.Corrected));
        }
        Assert.True(previous < 0.005, $"at the largest count the corrected error is {previous}");
    }

    static double StandardDeviation(IReadOnlyList<double> v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }
}
