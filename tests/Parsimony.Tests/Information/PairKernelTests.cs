using System.Runtime.Intrinsics;
using Parsimony.Information;

namespace Parsimony.Tests.Information;

/// <summary>
/// The SIMD kernels of the SI matrix against the definition evaluated term by term with <see cref="Math.Log2"/>, on
/// sizes that are not multiples of the vector widths, with zero rates, silent and constant cells, and pairs whose
/// private mean is negative. Run the suite also with DOTNET_EnableAVX512=0 and DOTNET_EnableHWIntrinsic=0.
/// </summary>
public class PairKernelTests
{
    /// <summary>J_sec = Σ p [r g log2(g/ḡ) + Σ_cells u log2(u/ū) over u/ū &gt; 0], u = λ − r g, straight from spec ssi.md §1.2.</summary>
    static double Definition(double[] a, double[] b, double[] p, double r)
    {
        double g = 0, meanA = 0, meanB = 0;
        for (int x = 0; x < p.Length; x++) (g, meanA, meanB) = (g + p[x] * Math.Sqrt(a[x] * b[x]), meanA + p[x] * a[x], meanB + p[x] * b[x]);
        double ua = meanA - r * g, ub = meanB - r * g, sum = 0;
        for (int x = 0; x < p.Length; x++)
        {
            double gx = Math.Sqrt(a[x] * b[x]);
            sum += p[x] * (Term(r * gx, r * g) + Term(a[x] - r * gx, ua) + Term(b[x] - r * gx, ub));
        }
        return sum;

        static double Term(double u, double mean) => u / mean > 0 ? u * Math.Log2(u / mean) : 0;
    }

    static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double sab = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum(), saa = a.Sum(x => (x - ma) * (x - ma)), sbb = b.Sum(y => (y - mb) * (y - mb));
        return saa <= 0 || sbb <= 0 ? 0 : Math.Clamp(sab / Math.Sqrt(saa * sbb), -1, 1);
    }

    static double[][] Population(int cells, int bins, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, cells).Select(c =>
        {
            double centre = rng.NextDouble() * bins, width = 0.5 + bins * rng.NextDouble(), peak = Math.Pow(10, 3 * rng.NextDouble() - 1);
            return c switch
            {
                1 => new double[bins],                                             // silent
                2 => Enumerable.Repeat(2.5, bins).ToArray(),                       // constant
                _ => Enumerable.Range(0, bins).Select(x =>
                {
                    double v = peak * Math.Exp(-(x - centre) * (x - centre) / (2 * width * width));
                    return rng.NextDouble() < 0.2 ? 0 : c % 4 == 3 ? v : v + 0.05;   // zeros among the bins
                }).ToArray(),
            };
        }).ToArray();
    }

    static double[] Probabilities(int bins, int seed)
    {
        var rng = new Random(seed);
        var w = Enumerable.Range(0, bins).Select(_ => rng.NextDouble() < 0.1 ? 0 : rng.NextDouble()).ToArray();
        if (w.Sum() == 0) w[0] = 1;
        double total = w.Sum();
        return w.Select(v => v / total).ToArray();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 7)]
    [InlineData(5, 9)]
    [InlineData(6, 15)]
    [InlineData(7, 17)]
    [InlineData(9, 33)]
    [InlineData(11, 100)]
    [InlineData(37, 21)]
    public void MatrixMatchesTheDefinitionTermByTerm(int cells, int bins)
    {
        var rates = Population(cells, bins, seed: cells * 31 + bins);
        var p = Probabilities(bins, seed: bins);
        var m = StimulusInformationMatrix.Compute(rates, p);
        for (int a = 0; a < cells; a++)
            for (int b = 0; b < cells; b++)
            {
                double expected = a == b ? Skaggs.Compute(rates[a], p).BitsPerSecond : Definition(rates[a], rates[b], p, Correlation(rates[a], rates[b]));
                Assert.Equal(expected, m.BitsPerSecond[a, b], 1e-9 * Math.Max(1, Math.Abs(expected)));
                Assert.Equal(m.BitsPerSecond[a, b], m.BitsPerSecond[b, a]);
            }
    }

    [Fact]
    public void NegativePrivateMeansTakeTheNegativePart()
    {
        // b fires 100× more than a with the same field: r ≈ 1 and ḡ ≈ 10·λ̄_a, so ū_a = λ̄_a − r·ḡ < 0.
        var field = Enumerable.Range(0, 21).Select(x => Math.Exp(-(x - 10) * (x - 10) / 8.0)).ToArray();
        double[] a = field.Select((v, x) => 0.1 * v + 0.01 * (x % 3)).ToArray(), b = field.Select(v => 10 * v).ToArray();
        var p = Probabilities(21, seed: 4);
        double r = Correlation(a, b), expected = Definition(a, b, p, r);
        Assert.True(p.Zip(a, (q, v) => q * v).Sum() - r * p.Select((q, x) => q * Math.Sqrt(a[x] * b[x])).Sum() < 0);
        Assert.Equal(expected, PairInformation.Compute(a, b, p).BitsPerSecond, 1e-9 * Math.Max(1, Math.Abs(expected)));
        Assert.Equal(expected, PairInformation.Compute(b, a, p).BitsPerSecond, 1e-9 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void IdenticalCellsHaveNoPrivatePart()
    {
        var a = Enumerable.Range(0, 13).Select(x => x % 5 == 0 ? 0 : 1.0 + x).ToArray();
        var p = Probabilities(13, seed: 2);
        Assert.Equal(Skaggs.Compute(a, p).BitsPerSecond, PairInformation.Compute(a, a, p).BitsPerSecond, 1e-12);
    }

    [Fact]
    public void Log2IsWithinTwoUlpOfOneOrOfTheResult()
    {
        if (!VectorLog2.IsSupported) return;   // the 512-bit kernel is not used here
        var rng = new Random(5);
        var cellEdges = Enumerable.Range(0, 17).SelectMany(i => new[] { 1 + i / 16.0, Math.BitDecrement(1 + i / 16.0), Math.BitIncrement(1 + i / 16.0) });
        var xs = Enumerable.Range(0, 40_000).Select(i => i % 2 == 0 ? Math.Exp(rng.NextDouble() * 1380 - 690) : 1 + (rng.NextDouble() - 0.5) * 1e-3)
            .Concat(cellEdges).Concat(cellEdges.Select(x => x * Math.ScaleB(1, -37))).Concat(cellEdges.Select(x => x / 2))
            .Concat([1e-300, 2.2250738585072014E-308, 1, 2, 0.5, 1 + 1e-12, 1 - 1e-12, 1e300, double.MaxValue]).ToList();
        while (xs.Count % 8 != 0) xs.Add(1);
        var inputs = xs.ToArray();
        for (int i = 0; i < inputs.Length; i += 8)
        {
            var log = VectorLog2.Log2(Vector512.Create(inputs.AsSpan(i)));
            for (int j = 0; j < 8; j++)
            {
                double exact = Math.Log2(inputs[i + j]);
                Assert.True(Math.Abs(log[j] - exact) <= Math.ScaleB(Math.Max(1, Math.Abs(exact)), -51),
                            $"log2({inputs[i + j]:R}) = {log[j]:R}, expected {exact:R}");
            }
        }
    }
}
