using BenchmarkDotNet.Attributes;
using Parsimony.Information;

namespace Parsimony.Bench;

/// <summary>
/// The stimulus information matrix + SSI over all pairs in float64: the vectorised, multi-threaded ε → 0 path against
/// the term-by-term scalar formula (the authors' convention) as the in-run baseline. Random Gaussian-bump tuning curves.
/// </summary>
[MemoryDiagnoser]
public class SsiBenchmarks
{
    double[][] rates = [];
    double[] p = [];

    /// <summary>Cells.</summary>
    [Params(100, 250, 500)]
    public int Cells { get; set; }

    /// <summary>Stimulus bins.</summary>
    [Params(2500)]
    public int Bins { get; set; }

    /// <summary>Draws the tuning curves.</summary>
    [GlobalSetup]
    public void Setup() => (rates, p) = TuningCurves(Cells, Bins);

    /// <summary>Seeded Gaussian bumps on a 0.1 Hz floor (widths 20–220 bins, peaks 1–21 Hz) over uniform p.</summary>
    internal static (double[][] Rates, double[] P) TuningCurves(int cells, int bins)
    {
        var rng = new Random(1);
        var rates = Enumerable.Range(0, cells).Select(_ =>
        {
            double centre = rng.NextDouble() * bins, width = 20 + 200 * rng.NextDouble(), peak = 1 + 20 * rng.NextDouble();
            return Enumerable.Range(0, bins).Select(x => 0.1 + peak * Math.Exp(-(x - centre) * (x - centre) / (2 * width * width))).ToArray();
        }).ToArray();
        return (rates, Enumerable.Repeat(1.0 / bins, bins).ToArray());
    }

    /// <summary>Scalar term-by-term formula, all cores.</summary>
    [Benchmark(Baseline = true)]
    public double ScalarReference() => Ssi.Compute(StimulusInformationMatrix.Compute(rates, p, InfoConvention.Reference)).Lambda1;

    /// <summary>Vectorised ε → 0 path, all cores.</summary>
    [Benchmark]
    public double VectorisedExact() => Ssi.Compute(StimulusInformationMatrix.Compute(rates, p)).Lambda1;

    /// <summary>Vectorised ε → 0 path on one core (for the scaling report).</summary>
    [Benchmark]
    public double VectorisedExactOneCore() => Ssi.Compute(StimulusInformationMatrix.Compute(rates, p, maxDegreeOfParallelism: 1)).Lambda1;
}
