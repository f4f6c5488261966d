using BenchmarkDotNet.Attributes;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;

namespace Parsimony.Bench;

/// <summary>
/// The shuffle null of <c>info</c> at Neuropixels-like scale: one circular-shift shuffle of a position recording
/// (30 min at 30 Hz, 50 × 50 bins, Poisson place cells) — the rate maps of the shifted trains, the SI matrix and its
/// SSI — against the same shuffle with the term-by-term scalar matrix (the authors' convention) as the in-run
/// baseline; <c>info</c> with 100 shuffles costs <see cref="Observed"/> + 100 × <see cref="OneShuffleWithPairs"/>
/// (up to 500 cells; above, <see cref="OneShuffle"/>).
/// </summary>
[MemoryDiagnoser]
public class InfoShuffleBenchmarks
{
    Population population = null!;
    RecordingInformation observed = null!, observedReference = null!;

    /// <summary>Cells.</summary>
    [Params(100, 500)]
    public int Cells { get; set; }

    /// <summary>Simulates the recording and computes the observed information (in both conventions).</summary>
    [GlobalSetup]
    public void Setup()
    {
        population = new Population([Simulated(Cells)], new RateMapOptions(Bins: 50, Extent: [0, 100, 0, 100], Smooth: 1));
        observed = Observed();
        observedReference = RecordingInformation.Compute(population.Curves(), false, InfoConvention.Reference);
    }

    /// <summary>A random walk over a 100 × 100 arena with one Gaussian place field per cell.</summary>
    internal static Recording Simulated(int cells, int samples = 30 * 60 * 30, int seed = 1)
    {
        var rng = new Random(seed);
        var (x, y) = (new double[samples], new double[samples]);
        double px = 50, py = 50, heading = 0;
        for (int t = 0; t < samples; t++)
        {
            heading += 0.4 * (rng.NextDouble() - 0.5);
            px = Math.Clamp(px + 1.5 * Math.Cos(heading), 0, 100);
            py = Math.Clamp(py + 1.5 * Math.Sin(heading), 0, 100);
            if (px is 0 or 100 || py is 0 or 100) heading += Math.PI / 2;
            (x[t], y[t]) = (px, py);
        }
        var centres = Enumerable.Range(0, cells).Select(_ => (X: 100 * rng.NextDouble(), Y: 100 * rng.NextDouble())).ToArray();
        var counts = centres.Select(c => Enumerable.Range(0, samples).Select(t =>
        {
            double rate = 0.2 + 10 * Math.Exp(-((x[t] - c.X) * (x[t] - c.X) + (y[t] - c.Y) * (y[t] - c.Y)) / 200);
            return rng.NextDouble() < rate / 30 ? 1.0 : 0;
        }).ToArray()).ToArray();
        var clock = SampleClock.Regular(samples, 30);
        return Recording.FromCounts("simulated", StimulusKind.Position, clock.Times, clock.SampleSeconds, [x, y], counts,
                                    centres.Select((_, i) => $"c{i}").ToArray()) with { Rate = 30 };
    }

    /// <summary>One shuffle with every pair's null kept, the matrix by the scalar term-by-term formula.</summary>
    [Benchmark(Baseline = true)]
    public double OneShuffleScalarReference() =>
        ShuffleNull.Draw(population, observedReference, 0, 20, 1, ShuffleNull.InnerParallelism(Cells), pairs: true).Ssi;

    /// <summary>The observed rate maps, matrix and SSI.</summary>
    [Benchmark]
    public RecordingInformation Observed() => RecordingInformation.Compute(population.Curves(), false, InfoConvention.Exact);

    /// <summary>One shuffle: the cells' and the SSI's null (what <c>info</c> does above 500 cells).</summary>
    [Benchmark]
    public double OneShuffle() => ShuffleNull.Draw(population, observed, 0, 20, 1, ShuffleNull.InnerParallelism(Cells)).Ssi;

    /// <summary>One shuffle with every pair's null kept (what <c>info</c> does up to 500 cells).</summary>
    [Benchmark]
    public double OneShuffleWithPairs() => ShuffleNull.Draw(population, observed, 0, 20, 1, ShuffleNull.InnerParallelism(Cells), pairs: true).Ssi;
}
