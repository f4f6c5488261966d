using BenchmarkDotNet.Attributes;
using Parsimony.Information;

namespace Parsimony.Bench;

/// <summary>
/// How the vectorised SSI (matrix + leading eigenpair, all cores) scales with the number of stimulus bins K at a fixed
/// population; <see cref="SsiBenchmarks"/> covers the number of cells and the in-run scalar baseline.
/// </summary>
[MemoryDiagnoser]
public class SsiBinScalingBenchmarks
{
    double[][] rates = [];
    double[] p = [];

    /// <summary>Cells.</summary>
    [Params(250)]
    public int Cells { get; set; }

    /// <summary>Stimulus bins.</summary>
    [Params(625, 2500, 10000)]
    public int Bins { get; set; }

    /// <summary>Draws the tuning curves (the same recipe as <see cref="SsiBenchmarks"/>).</summary>
    [GlobalSetup]
    public void Setup() => (rates, p) = SsiBenchmarks.TuningCurves(Cells, Bins);

    /// <summary>Vectorised ε → 0 path, all cores.</summary>
    [Benchmark]
    public double VectorisedExact() => Ssi.Compute(StimulusInformationMatrix.Compute(rates, p)).Lambda1;
}
