using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Parsimony.Experiments.DentateGyrus;
using Parsimony.Models.DentateGyrus;

namespace Parsimony.Bench;

/// <summary>
/// One evaluation of a dentate-gyrus parameter set (spec neuro_models.md §B.7: one weight instance, 128 patterns,
/// 0.35 s each, RK4) on one core: Parsimony's simulator against <see cref="NaiveDentateIntegrator"/> (the same maths
/// as a straightforward loop, with the reference's pre × post conductance arrays) as the in-run baseline, both on 16
/// of the patterns, and the simulator on all 128 (one evaluation).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessDentate))]
public class DentateBenchmarks
{
    DgNetwork network = null!;
    DgWeights weights = null!;

    /// <summary>The model (6 is the largest of the family, the one the ≈ 110 s per core of the original refers to).</summary>
    [Params("6")]
    public string Model { get; set; } = "6";

    /// <summary>Integration step (ms): the default.</summary>
    public double DtMs { get; set; } = 0.5;

    /// <summary>Every eighth pattern (all active-bit counts): the naive loop is too slow for all 128 at each iteration.</summary>
    static readonly double[][] Sixteen = DentateEvaluation.Patterns.Where((_, i) => i % 8 == 3).ToArray();

    /// <summary>Builds the network, draws its weights, and checks that both integrators agree (to 1e-9) on four patterns.</summary>
    [GlobalSetup]
    public void Setup()
    {
        network = DgModelFamily.Published.Get(Model);
        weights = DgWeights.Sample(network, 1234);
        var check = DentateEvaluation.Patterns.Where((_, i) => i % 32 == 3).ToArray();
        var naive = new NaiveDentateIntegrator(network, weights, DtMs / 1000).Run(check);
        var fast = new DgSimulator(network, weights, new DgProtocol(DtMs / 1000)).Run(check);
        double worst = naive.Zip(fast).Max(p => p.First.Zip(p.Second).Max(q => Math.Abs(q.First - q.Second)));
        if (worst > 1e-9) throw new InvalidOperationException($"The simulator and the naive integrator differ by {worst}.");
    }

    /// <summary>The straightforward loop integrator on 16 patterns, one core.</summary>
    [Benchmark(Baseline = true)]
    public double[][] NaiveLoop16() => new NaiveDentateIntegrator(network, weights, DtMs / 1000).Run(Sixteen);

    /// <summary>Parsimony's simulator on the same 16 patterns, one core.</summary>
    [Benchmark]
    public double[][] Simulator16() => new DgSimulator(network, weights, new DgProtocol(DtMs / 1000)).Run(Sixteen, threads: 1);

    /// <summary>One whole evaluation: Parsimony's simulator on all 128 patterns, one core.</summary>
    [Benchmark]
    public double[][] Simulator128() => new DgSimulator(network, weights, new DgProtocol(DtMs / 1000)).Run(DentateEvaluation.Patterns, threads: 1);
}

/// <summary>In-process (a loaded machine's separate build times out), one warm-up and three iterations: each takes seconds.</summary>
public sealed class InProcessDentate : ManualConfig
{
    /// <summary>The job.</summary>
    public InProcessDentate() => AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: false)).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3));
}

/// <summary>
/// The dentate-gyrus equations integrated the plain way: conductances kept per (pre, post) pair as the reference stores
/// them, weights in 2-D arrays, every term computed on every step (no skipping of silent units, no SIMD), RK4 with the
/// same step and the same window mean. It is the benchmark's baseline and the simulator's cross-check.
/// </summary>
public sealed class NaiveDentateIntegrator(DgNetwork network, DgWeights weights, double dt)
{
    /// <summary>The window-mean response of every rate unit to every pattern, in the simulator's unit order.</summary>
    public double[][] Run(IReadOnlyList<double[]> patterns) => patterns.Select(Simulate).ToArray();

    double[] Simulate(double[] pattern)
    {
        var pops = network.Populations;
        var v = pops.Select(p => new double[p.Size]).ToArray();
        var g = network.Projections.Select(j => new double[network.SizeOf(j.Pre), network.SizeOf(j.Post)]).ToArray();
        var w = network.Projections.Select((j, i) =>
        {
            int post = network.SizeOf(j.Post);
            var m = new double[network.SizeOf(j.Pre), post];
            for (int a = 0; a < m.GetLength(0); a++) for (int b = 0; b < post; b++) m[a, b] = weights.Matrices[i][a * post + b];
            return m;
        }).ToArray();
        var protocol = new DgProtocol(dt);
        int perSample = protocol.StepsPerSample, first = protocol.FirstSample, end = protocol.EndSample;
        var mean = pops.Select(p => new double[p.Size]).ToArray();
        for (int sample = 0; sample < end; sample++)
        {
            if (sample >= first)
                for (int p = 0; p < pops.Count; p++) for (int k = 0; k < pops[p].Size; k++) mean[p][k] += DgSimulator.Activation(v[p][k]);
            if (sample == end - 1) break;
            for (int s = 0; s < perSample; s++) (v, g) = Rk4(pattern, v, g, w);
        }
        return mean.SelectMany(m => m.Select(x => x / (end - first))).ToArray();
    }

    (double[][], double[][,]) Rk4(double[] pattern, double[][] v, double[][,] g, double[][,] w)
    {
        var (dv1, dg1) = Derivative(pattern, v, g, w);
        var (dv2, dg2) = Derivative(pattern, Add(v, dv1, dt / 2), Add(g, dg1, dt / 2), w);
        var (dv3, dg3) = Derivative(pattern, Add(v, dv2, dt / 2), Add(g, dg2, dt / 2), w);
        var (dv4, dg4) = Derivative(pattern, Add(v, dv3, dt), Add(g, dg3, dt), w);
        var nv = v.Select((x, p) => x.Select((y, k) => y + dt / 6 * (dv1[p][k] + 2 * dv2[p][k] + 2 * dv3[p][k] + dv4[p][k])).ToArray()).ToArray();
        var ng = g.Select((x, i) =>
        {
            var m = new double[x.GetLength(0), x.GetLength(1)];
            for (int a = 0; a < m.GetLength(0); a++)
                for (int b = 0; b < m.GetLength(1); b++) m[a, b] = x[a, b] + dt / 6 * (dg1[i][a, b] + 2 * dg2[i][a, b] + 2 * dg3[i][a, b] + dg4[i][a, b]);
            return m;
        }).ToArray();
        return (nv, ng);
    }

    static double[][] Add(double[][] x, double[][] d, double h) => x.Select((r, p) => r.Select((y, k) => y + h * d[p][k]).ToArray()).ToArray();

    static double[][,] Add(double[][,] x, double[][,] d, double h) => x.Select((m, i) =>
    {
        var r = new double[m.GetLength(0), m.GetLength(1)];
        for (int a = 0; a < r.GetLength(0); a++) for (int b = 0; b < r.GetLength(1); b++) r[a, b] = m[a, b] + h * d[i][a, b];
        return r;
    }).ToArray();

    (double[][], double[][,]) Derivative(double[] pattern, double[][] v, double[][,] g, double[][,] w)
    {
        var pops = network.Populations.ToList();
        double[] Activity(string name) => name == network.Input ? pattern : v[pops.FindIndex(p => p.Name == name)].Select(DgSimulator.Activation).ToArray();
        var dv = pops.Select(p => new double[p.Size]).ToArray();
        var current = pops.Select(p => new double[p.Size]).ToArray();
        var leak = v.Select(x => x.Select(y => -y).ToArray()).ToArray();
        var dg = new double[g.Length][,];
        for (int i = 0; i < g.Length; i++)
        {
            var j = network.Projections[i];
            var pre = Activity(j.Pre);
            int post = pops.FindIndex(p => p.Name == j.Post);
            double reversal = j.Sign == SynapseSign.Excitatory ? DgNetwork.ExcitatoryReversal : DgNetwork.InhibitoryReversal;
            dg[i] = new double[g[i].GetLength(0), g[i].GetLength(1)];
            for (int a = 0; a < pre.Length; a++)
                for (int b = 0; b < g[i].GetLength(1); b++)
                {
                    dg[i][a, b] = -g[i][a, b] / j.TauDecaySeconds + Math.Max(0, pre[a] - g[i][a, b]) / j.TauRiseSeconds;
                    current[post][b] += w[i][a, b] * g[i][a, b] * (reversal - v[post][b]);
                }
        }
        for (int p = 0; p < pops.Count; p++)
            for (int k = 0; k < pops[p].Size; k++) dv[p][k] = (leak[p][k] + current[p][k]) / pops[p].TauSeconds;
        return (dv, dg);
    }
}
