using Parsimony.Analysis;

namespace Parsimony.Tests.Analysis;

/// <summary>
/// <see cref="DifferentialEvolution"/>: it finds the minima of known functions (a shifted sphere in 5 dimensions, the
/// Rosenbrock valley in 4), a bound when the minimum lies outside the box and a constraint's boundary under Deb's
/// rules; every candidate it evaluates lies in the box; the same seed repeats the search bit for bit.
/// </summary>
public class DifferentialEvolutionTests
{
    static Func<double[][], Fitness[]> Unconstrained(Func<double[], double> f) => batch => batch.Select(x => Fitness.Feasible(f(x))).ToArray();

    static readonly double[] Shift = [1.2, -0.7, 2.5, -3.1, 0.4];

    static double ShiftedSphere(double[] x) => x.Select((v, d) => (v - Shift[d]) * (v - Shift[d])).Sum();

    static double Rosenbrock(double[] x) => Enumerable.Range(0, x.Length - 1).Sum(d => 100 * Math.Pow(x[d + 1] - x[d] * x[d], 2) + Math.Pow(1 - x[d], 2));

    static double[] Fill(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    [Fact]
    public void FindsTheMinimumOfAShiftedSphere()
    {
        var search = new DifferentialEvolution(Fill(5, -5), Fill(5, 5), population: 20);
        var best = search.Minimize(Unconstrained(ShiftedSphere), generations: 200, seed: 7)[^1];
        for (int d = 0; d < 5; d++) Assert.Equal(Shift[d], best.Best[d], 1e-5);
        Assert.True(best.BestFitness.Objective < 1e-10, $"objective {best.BestFitness.Objective}");
    }

    [Fact]
    public void FindsTheMinimumOfTheRosenbrockValley()
    {
        var search = new DifferentialEvolution(Fill(4, -2), Fill(4, 2), population: 30);
        var best = search.Minimize(Unconstrained(Rosenbrock), generations: 800, seed: 3)[^1];
        foreach (var v in best.Best) Assert.Equal(1, v, 1e-3);
    }

    [Fact]
    public void EveryCandidateLiesInTheBoxAndAnOutsideMinimumEndsOnTheBound()
    {
        double[] lower = [-1, 0, 2], upper = [1, 0.5, 3];
        var seen = new List<double[]>();
        var search = new DifferentialEvolution(lower, upper, population: 8);
        var best = search.Minimize(batch => { seen.AddRange(batch); return batch.Select(x => Fitness.Feasible(x.Sum(v => (v - 10) * (v - 10)))).ToArray(); }, 200, seed: 1)[^1];
        Assert.Equal(8 * 201, seen.Count);
        Assert.All(seen, x => Assert.All(Enumerable.Range(0, 3), d => Assert.InRange(x[d], lower[d], upper[d])));
        for (int d = 0; d < 3; d++) Assert.Equal(upper[d], best.Best[d], 1e-5);
    }

    [Fact]
    public void DebsRulesFindTheConstraintBoundary()
    {
        // minimise x0 + x1 on [0, 1]² subject to x0 + 2 x1 ≥ 1: the minimum is (0, 0.5), objective 0.5.
        var search = new DifferentialEvolution([0, 0], [1, 1], population: 12);
        var best = search.Minimize(batch => batch.Select(x => new Fitness(Math.Max(0, 1 - x[0] - 2 * x[1]), x[0] + x[1])).ToArray(), 200, seed: 5)[^1];
        Assert.Equal(0, best.BestFitness.Violation);
        Assert.Equal(0.5, best.BestFitness.Objective, 1e-4);
        Assert.Equal(0, best.Best[0], 1e-3);
    }

    [Fact]
    public void TheSameSeedRepeatsTheSearchBitForBitAndAnotherSeedDoesNot()
    {
        IReadOnlyList<GenerationRecord> Run(int seed) => new DifferentialEvolution(Fill(3, -2), Fill(3, 2), 6).Minimize(Unconstrained(Rosenbrock), 20, seed);
        var (a, b, c) = (Run(11), Run(11), Run(12));
        Assert.Equal(21, a.Count);
        for (int g = 0; g < a.Count; g++)
        {
            Assert.Equal(a[g].Best, b[g].Best);
            Assert.Equal(a[g].BestFitness, b[g].BestFitness);
        }
        Assert.NotEqual(a[^1].Best, c[^1].Best);
        Assert.All(a.Zip(a.Skip(1)), p => Assert.True(p.Second.BestFitness.CompareTo(p.First.BestFitness) <= 0, "the best never gets worse"));
    }

    [Fact]
    public void FitnessOrdersByViolationThenObjectiveWithNaNLast()
    {
        Assert.True(new Fitness(0, 100).CompareTo(new Fitness(1, 0)) < 0);
        Assert.True(new Fitness(2, 1).CompareTo(new Fitness(2, 3)) < 0);
        Assert.True(Fitness.Feasible(1e300).CompareTo(Fitness.Feasible(double.NaN)) < 0);
        Assert.Equal(0, Fitness.Feasible(double.NaN).CompareTo(Fitness.Feasible(double.NaN)));
    }

    [Theory]
    [InlineData(3, 0.7, 0.9, "at least 4 members")]
    [InlineData(10, 0, 0.9, "F must lie in (0, 2]")]
    [InlineData(10, 0.7, 1.5, "CR must lie in [0, 1]")]
    public void BadSettingsAreRejected(int population, double f, double cr, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new DifferentialEvolution([0], [1], population, f, cr));
        Assert.Contains(message, e.Message);
        Assert.Contains("not a finite interval", Assert.Throws<ArgumentException>(() => new DifferentialEvolution([1], [0], 5)).Message);
    }
}
