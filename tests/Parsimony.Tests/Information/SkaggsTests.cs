using Parsimony.Information;

namespace Parsimony.Tests.Information;

public class SkaggsTests
{
    static double[] Uniform(int k) => Enumerable.Repeat(1.0 / k, k).ToArray();

    [Theory]
    [InlineData(InfoConvention.Exact)]
    [InlineData(InfoConvention.Reference)]
    public void ConstantRateCarriesNoInformation(InfoConvention c)
    {
        var i = Skaggs.Compute([3, 3, 3, 3, 3], Uniform(5), c);
        Assert.InRange(i.BitsPerSecond, -1e-9, 1e-9);
        Assert.InRange(i.BitsPerSpike, -1e-9, 1e-9);
    }

    [Theory]
    [InlineData(4, 2.0)]
    [InlineData(10, 3.321928)]
    [InlineData(100, 6.643856)]
    public void SingleBinFieldGivesLog2K(int k, double expected)
    {
        var rates = new double[k];
        rates[k / 2] = 7;
        var i = Skaggs.Compute(rates, Uniform(k));
        Assert.Equal(expected, i.BitsPerSpike, 6);
        Assert.Equal(7.0 / k * Math.Log2(k), i.BitsPerSecond, 12);
    }

    [Fact]
    public void SingleBinFieldBitsPerSecond() => Assert.Equal(3.5, Skaggs.Compute([0, 7, 0, 0], Uniform(4)).BitsPerSecond, 12);

    [Fact]
    public void NonUniformOccupancy()
    {
        double[] p = [0.1, 0.3, 0.6];
        Assert.Equal(Math.Log2(10), Skaggs.Compute([5, 0, 0], p).BitsPerSpike, 12);
    }

    [Theory]
    [InlineData(0.5, 0.08612902)]
    [InlineData(1, 0.30365212)]
    [InlineData(2, 0.82458068)]
    [InlineData(4, 1.48470293)]
    [InlineData(8, 2.05407990)]
    public void VonMisesTuningMatchesClosedForm(double kappa, double bitsPerSpike)
    {
        var rates = Enumerable.Range(0, 360).Select(d => Math.Exp(kappa * Math.Cos(d * Math.PI / 180))).ToArray();
        var i = Skaggs.Compute(rates, Uniform(360));
        Assert.Equal(bitsPerSpike, i.BitsPerSpike, 8);
        var i0 = MathNet.Numerics.SpecialFunctions.BesselI0(kappa);
        var closed = (kappa * MathNet.Numerics.SpecialFunctions.BesselI1(kappa) / i0 - Math.Log(i0)) / Math.Log(2);
        Assert.Equal(closed, i.BitsPerSpike, 8);
        if (kappa == 2) Assert.Equal(1.879702, i.BitsPerSecond, 6);
    }

    [Fact]
    public void SilentCellGivesZeroNotNaN()
    {
        Assert.Equal(0, Skaggs.Compute([0, 0, 0], Uniform(3)).BitsPerSpike);
        Assert.Equal(0, Skaggs.Compute([0, 0, 0], Uniform(3), InfoConvention.Reference).BitsPerSpike);
    }

    [Fact]
    public void PlugInBiasMatchesChiSquareApproximation()
    {
        // Uniform-random spikes, K = 20 equiprobable bins, n = 200 spikes: E[I_spike] ≈ (K−1)/(2 n ln 2) = 0.0685 (spec 6.8: 0.0704 simulated).
        var rng = new Random(7);
        const int k = 20, n = 200, trials = 4000;
        double mean = 0;
        for (int t = 0; t < trials; t++)
        {
            var counts = new double[k];
            for (int s = 0; s < n; s++) counts[rng.Next(k)]++;
            mean += Skaggs.Compute(counts, Uniform(k)).BitsPerSpike / trials;
        }
        Assert.InRange(mean, 0.067, 0.074);
    }
}
