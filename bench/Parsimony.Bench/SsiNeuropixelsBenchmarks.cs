using BenchmarkDotNet.Attributes;
using Parsimony.Information;

namespace Parsimony.Bench;

/// <summary>
/// The vectorised SSI (matrix + leading eigenpair, all cores) at Neuropixels-like population sizes, for the scaling in
/// N; the scalar baseline is in <see cref="SsiBenchmarks"/> (run together: <c>--filter '*Ssi*'</c>), here too slow to repeat.
/// </summary>
[MemoryDiagnoser]
public class SsiNeuropixelsBenchmarks
{
    double[][] rates = [];
    double[] p = [];

    /// <summary>Cells.</summary>
    [Params(1000, 2000)]
    public int Cells { get; set; }

    /// <summary>Stimulus bins.</summary>
    [Params(2500)]
    public int Bins { get; set; }

    /// <summary>Draws the tuning curves (the same recipe as <see cref="SsiBenchmarks"/>).</summary>
    [GlobalSetup]
    public void Setup() => (rates, p) = SsiBenchmarks.TuningCurves(Cells, Bins);

    /// <summary>Vectorised ε → 0 path, all cores.</summary>
    [Benchmark]
    public double VectorisedExact() => Ssi.Compute(StimulusInformationMatrix.Compute(rates, p)).Lambda1;
}
