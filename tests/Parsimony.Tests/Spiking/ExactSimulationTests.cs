using Parsimony.Spiking;

namespace Parsimony.Tests.Spiking;

/// <summary>
/// The closed-form simulator against a fine RK4 integration of the ODEs (spec §C.4 P1), its behaviour on unusable
/// input, and the event-driven property (P10): work and memory follow the spikes, not the simulated duration.
/// </summary>
public class ExactSimulationTests
{
    static readonly LifNeuron Neuron = new();

    /// <summary>One LIF neuron driven by weighted input spikes, integrated by RK4 at step h with each crossing located by bisection on re-integration.</summary>
    static List<double> Rk4Spikes(IReadOnlyList<(double Time, double Weight)> inputs, double until, double h)
    {
        double v = 0, i = 0, t = 0;
        var spikes = new List<double>();
        (double, double) Deriv(double vv, double ii) => ((-vv + ii) / Neuron.TauMem, -ii / Neuron.TauSyn);
        (double, double) Step(double vv, double ii, double dt)
        {
            var (a1, b1) = Deriv(vv, ii);
            var (a2, b2) = Deriv(vv + dt / 2 * a1, ii + dt / 2 * b1);
            var (a3, b3) = Deriv(vv + dt / 2 * a2, ii + dt / 2 * b2);
            var (a4, b4) = Deriv(vv + dt * a3, ii + dt * b3);
            return (vv + dt / 6 * (a1 + 2 * a2 + 2 * a3 + a4), ii + dt / 6 * (b1 + 2 * b2 + 2 * b3 + b4));
        }
        int next = 0;
        while (t < until)
        {
            double stop = next < inputs.Count ? Math.Min(inputs[next].Time, until) : until;
            while (t < stop)
            {
                double dt = Math.Min(h, stop - t);
                var (v1, i1) = Step(v, i, dt);
                if (v1 >= Neuron.Threshold)
                {
                    double lo = 0, hi = dt;                                   // locate the crossing inside the step
                    for (int k = 0; k < 80; k++) { double mid = (lo + hi) / 2; if (Step(v, i, mid).Item1 >= Neuron.Threshold) hi = mid; else lo = mid; }
                    var (_, iAt) = Step(v, i, hi);
                    t += hi; spikes.Add(t); v = 0; i = iAt;
                    continue;
                }
                (v, i, t) = (v1, i1, t + dt);
            }
            if (next < inputs.Count && inputs[next].Time <= until) { i += inputs[next].Weight; next++; }
            else break;
        }
        return spikes;
    }

    [Fact]
    public void P1SpikeTimesEqualAFineOdeIntegration()
    {
        var rng = new Random(2);
        for (int trial = 0; trial < 4; trial++)
        {
            var inputs = Enumerable.Range(0, 12).Select(_ => (Time: 60 * rng.NextDouble(), Weight: EventPropGradientTests.Normal(rng, 2.5, 2))).OrderBy(x => x.Time).ToArray();
            var layer = new LayerShape(inputs.Length, 1);
            var weights = inputs.Select(x => x.Weight).ToArray();                      // input k is channel k
            var exact = LayerForward.Lif(Neuron, layer, weights, null, SpikeList.Of(inputs.Select((x, k) => (x.Time, k))), 120, 1000);
            var reference = Rk4Spikes(inputs, 120, 1e-3);
            Assert.Equal(reference.Count, exact.Count);
            for (int k = 0; k < exact.Count; k++) Assert.Equal(reference[k], exact.Times[k], 1e-9);
            Assert.True(exact.Count > 0 || trial > 0, "the first trial must fire");
        }
    }

    [Fact]
    public void TheClosedFormVoltageEqualsTheOdeBetweenEvents()
    {
        double v = 0.3, i = 2.0, t = 0;
        for (double d = 0; d <= 30; d += 0.25)
        {
            double ode = v, cur = i;
            for (double s = 0; s < d - 1e-12; s += 1e-3)
            {
                double dt = Math.Min(1e-3, d - s);
                double k1 = (-ode + cur) / 20, l1 = -cur / 5;
                double k2 = (-(ode + dt / 2 * k1) + cur + dt / 2 * l1) / 20, l2 = -(cur + dt / 2 * l1) / 5;
                double k3 = (-(ode + dt / 2 * k2) + cur + dt / 2 * l2) / 20, l3 = -(cur + dt / 2 * l2) / 5;
                double k4 = (-(ode + dt * k3) + cur + dt * l3) / 20, l4 = -(cur + dt * l3) / 5;
                ode += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4); cur += dt / 6 * (l1 + 2 * l2 + 2 * l3 + l4);
            }
            Assert.Equal(ode, Neuron.Voltage(v, i, d), 1e-9);
            t += d;
        }
    }

    [Fact]
    public void TheSpikeTimeIsFoundToMachinePrecision()
    {
        var rng = new Random(9);
        for (int k = 0; k < 2000; k++)
        {
            double v0 = rng.NextDouble() * 0.9, i0 = 3 + 10 * rng.NextDouble();
            double d = SpikeTimeSolver.FirstCrossing(Neuron, v0, i0, double.PositiveInfinity);
            if (double.IsPositiveInfinity(d)) continue;
            Assert.True(Math.Abs(Neuron.Voltage(v0, i0, d) - 1) <= 1e-15, $"V(d) − ϑ = {Neuron.Voltage(v0, i0, d) - 1:E2}");
            Assert.True(Neuron.Voltage(v0, i0, d * (1 - 1e-9)) < 1, "a later crossing was found, not the first");
        }
        Assert.Equal(double.PositiveInfinity, SpikeTimeSolver.FirstCrossing(Neuron, 0, 2.0, double.PositiveInfinity));   // peak 2·0.158 < 1
        Assert.Equal(0, SpikeTimeSolver.FirstCrossing(Neuron, 1.0, 0, 5));
    }

    [Fact]
    public void P10BackwardWorkAndMemoryFollowTheSpikesNotTheDuration()
    {
        var rng = new Random(4);
        var net = new SpikingNetwork(Neuron, [new LayerShape(20, 50), new LayerShape(50, 3)]);
        var w = new NetworkWeights(net.Layers);
        for (int i = 0; i < w.Forward[0].Length; i++) w.Forward[0][i] = EventPropGradientTests.Normal(rng, 1.5, 0.8);
        for (int i = 0; i < w.Forward[1].Length; i++) w.Forward[1][i] = EventPropGradientTests.Normal(rng, 1.0, 0.2);
        var bursts = Enumerable.Range(0, 20).Select(c => (Time: 5 * rng.NextDouble(), Channel: c)).ToArray();
        // The same input burst at t = 0 and after 10 s of silence: the same spikes, so the same stored trace and the same gradient.
        var early = net.Forward(w, SpikeList.Of(bursts));
        var late = net.Forward(w, SpikeList.Of(bursts.Select(b => (b.Time + 10_000, b.Channel))));
        Assert.Equal(early.TotalSpikes, late.TotalSpikes);
        Assert.True(early.TotalSpikes > 20);
        Assert.Equal(early.Spikes[0]!.Times.Select(t => t + 10_000), late.Spikes[0]!.Times, (a, b) => Math.Abs(a - b) < 1e-9);
        var (ge, gl) = (new NetworkWeights(net.Layers), new NetworkWeights(net.Layers));
        var first = net.Output(early);
        net.Backward(w, early, first.Select(t => double.IsFinite(t) ? 1.0 : 0).ToArray(), ge);
        net.Backward(w, late, net.Output(late).Select(t => double.IsFinite(t) ? 1.0 : 0).ToArray(), gl);
        Assert.Equal(ge.Forward[0], gl.Forward[0], (a, b) => Math.Abs(a - b) <= 1e-8 * Math.Max(1, Math.Abs(a)));
    }

    [Fact]
    public void UnusableInputEndsCleanly()
    {
        var net = new SpikingNetwork(Neuron, [new LayerShape(2, 3), new LayerShape(3, 2)]);
        var w = new NetworkWeights(net.Layers);
        // No input spikes, silent neurons: a defined, silent trace and a silent read-out (both outputs +∞).
        var silent = net.Forward(w, new SpikeList());
        Assert.Equal(0, silent.TotalSpikes);
        Assert.All(net.Output(silent), t => Assert.Equal(double.PositiveInfinity, t));
        // Input spikes after a configured horizon never arrive.
        var bounded = new SpikingNetwork(Neuron, net.Layers, horizon: 10);
        Array.Fill(w.Forward[0], 20.0); Array.Fill(w.Forward[1], 20.0);
        Assert.Equal(0, bounded.Forward(w, SpikeList.Of([(12.0, 0)])).TotalSpikes);
        Assert.True(bounded.Forward(w, SpikeList.Of([(1.0, 0)])).TotalSpikes > 0);
        // Weights so large that a neuron fires without end: a clear message, not a hang.
        Array.Fill(w.Forward[0], 1e9);
        var e = Assert.Throws<ParsimonyException>(() => net.Forward(w, SpikeList.Of([(1.0, 0)])));
        Assert.Contains("fired more than 1000 times in one sample", e.Message);
        Assert.Throws<OptionException>(() => new SpikingNetwork(Neuron with { TauSyn = 20 }, net.Layers));
        Array.Fill(w.Forward[0], 1.0);
        Assert.Contains("spike times must be finite and non-negative", Assert.Throws<ParsimonyException>(() => net.Forward(w, SpikeList.Of([(double.NaN, 0)]))).Message);
        Assert.Contains("the network has 2 input channels", Assert.Throws<ParsimonyException>(() => net.Forward(w, SpikeList.Of([(1.0, 5)]))).Message);
    }
}

/// <summary>P9: the GeNN-style time-stepped variant's gradients converge to the exact ones as the step shrinks.</summary>
public class TimeSteppedTests
{
    [Fact]
    public void P9TimeSteppedGradientsConvergeToTheExactOnesAsDtShrinks()
    {
        var (net, w) = EventPropGradientTests.YinYangNet(seed: 8, hidden: 60);
        var samples = Parsimony.Tasks.YinYang.YinYangDataset.Published("train").Take(4)
            .Select(s => (Input: new Parsimony.Tasks.YinYang.YinYangEncoding().Encode(s), s.Label)).ToArray();
        NetworkWeights Gradient(Func<SpikeList, NetworkTrace> forward)
        {
            var g = new NetworkWeights(net.Layers);
            foreach (var (input, label) in samples)
            {
                var trace = forward(input);
                var loss = SpikeLosses.Ttfs(net.Output(trace), label, new TtfsLoss());
                if (loss.Counted) net.Backward(w, trace, loss.Gradient, g);
            }
            return g;
        }
        var exact = Gradient(input => net.Forward(w, input)).All().SelectMany(a => a).ToArray();
        double norm = Math.Sqrt(exact.Sum(v => v * v));
        var errors = new[] { 1.0, 0.1, 0.01, 0.001 }.Select(dt =>
        {
            var stepped = Gradient(input => TimeSteppedSimulation.Forward(net, w, input, dt, duration: 100)).All().SelectMany(a => a).ToArray();
            return Math.Sqrt(stepped.Zip(exact, (a, b) => (a - b) * (a - b)).Sum()) / norm;
        }).ToArray();
        for (int i = 1; i < errors.Length; i++) Assert.True(errors[i] < errors[i - 1], $"relative errors {string.Join(", ", errors.Select(e => e.ToString("E2")))} do not decrease");
        Assert.True(errors[^1] < 0.02, $"at dt = 0.001 ms the relative error is {errors[^1]:E2}");
    }

    [Fact]
    public void TheGridSpikesApproachTheExactSpikeTimes()
    {
        var (net, w) = EventPropGradientTests.YinYangNet(seed: 8, hidden: 60);
        var input = new Parsimony.Tasks.YinYang.YinYangEncoding().Encode(Parsimony.Tasks.YinYang.YinYangDataset.Published("train")[0]);
        var exact = net.Output(net.Forward(w, input));
        var fine = net.Output(TimeSteppedSimulation.Forward(net, w, input, 0.001, 100));
        for (int k = 0; k < exact.Length; k++)
            if (double.IsFinite(exact[k])) Assert.InRange(fine[k] - exact[k], -0.002, 0.003);     // grid spikes lag by less than a step or two
    }
}
