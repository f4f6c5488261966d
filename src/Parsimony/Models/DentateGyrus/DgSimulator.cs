using System.Numerics.Tensors;

namespace Parsimony.Models.DentateGyrus;

/// <summary>
/// The conductance-based rate network of spec §B.2 for one weight instance, integrated in float64 with fixed-step RK4:
/// a = f(V) = min(max(V − 10, 0), 50)/50; per projection and presynaptic unit dg/dt = −g/τ_decay + max(0, a_pre − g)/τ_rise;
/// τ_cell dV/dt = −V + Σ_exc G (E_exc − V) + Σ_inh G (E_inh − V) with G_k = Σ_j w_jk g_j. Presynaptic units whose
/// conductance is exactly 0 (silent inputs and cells) are skipped in the row-wise sums, which keeps the zeros exact.
/// </summary>
public sealed class DgSimulator
{
    /// <summary>Threshold of the activation f.</summary>
    public const double Threshold = 10;

    /// <summary>Width of f's linear range (f = 1 from <see cref="Threshold"/> + this on).</summary>
    public const double Range = 50;

    readonly DgNetwork network;
    readonly DgProtocol protocol;
    readonly int rateUnits, stateSize;
    readonly int[] popOffset;             // offset of each rate population in V
    readonly double[] invTau;             // 1/τ_cell per rate unit
    readonly Synapse[] synapses;

    /// <summary>Above this many presynaptic units a projection sums by dot products over them (post-major weights), else by rows.</summary>
    const int DotFrom = 16;

    /// <summary>
    /// One projection: its weights (pre-major, or post-major when it has many presynaptic units), where its
    /// presynaptic activity and its conductances live in the state.
    /// </summary>
    sealed record Synapse(double[] W, int Pre, int PreOffset, bool PreIsInput, int Post, int PostOffset, int GOffset,
                          double InvRise, double InvDecay, bool Excitatory);

    /// <summary>A simulator of <paramref name="network"/> with weights <paramref name="weights"/>.</summary>
    public DgSimulator(DgNetwork network, DgWeights weights, DgProtocol protocol)
    {
        _ = protocol.StepsPerSample;   // checks the step
        this.network = network;
        this.protocol = protocol;
        popOffset = new int[network.Populations.Count];
        var tau = new List<double>();
        for (int p = 0; p < network.Populations.Count; p++)
        {
            popOffset[p] = tau.Count;
            tau.AddRange(Enumerable.Repeat(1 / network.Populations[p].TauSeconds, network.Populations[p].Size));
        }
        invTau = [.. tau];
        rateUnits = invTau.Length;
        int g = rateUnits;
        synapses = new Synapse[network.Projections.Count];
        for (int i = 0; i < synapses.Length; i++)
        {
            var j = network.Projections[i];
            int pre = network.SizeOf(j.Pre), post = network.SizeOf(j.Post);
            bool input = j.Pre == network.Input;
            var w = weights.Matrices[i];
            if (pre >= DotFrom) w = Transpose(w, pre, post);
            synapses[i] = new Synapse(w, pre, input ? 0 : popOffset[IndexOf(j.Pre)], input, post, popOffset[IndexOf(j.Post)], g,
                                      1 / j.TauRiseSeconds, 1 / j.TauDecaySeconds, j.Sign == SynapseSign.Excitatory);
            g += pre;
        }
        stateSize = g;
    }

    static double[] Transpose(double[] w, int rows, int cols)
    {
        var t = new double[w.Length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }

    int IndexOf(string population) => network.Populations.ToList().FindIndex(p => p.Name == population);

    /// <summary>The activation f(V), 0 … 1 with exact zeros below the threshold.</summary>
    public static double Activation(double v) => Math.Min(Math.Max(v - Threshold, 0), Range) / Range;

    /// <summary>
    /// The window-mean response of every rate unit to every pattern: [pattern][unit], units in population order (see
    /// <see cref="Slice"/>). Patterns are simulated independently, on up to <paramref name="threads"/> threads.
    /// </summary>
    public double[][] Run(IReadOnlyList<double[]> patterns, int threads = 1)
    {
        var responses = new double[patterns.Count][];
        Parallel.For(0, patterns.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => new Workspace(stateSize, rateUnits),
            (p, _, work) =>
            {
                responses[p] = Simulate(patterns[p], work);
                return work;
            }, _ => { });
        return responses;
    }

    /// <summary>Population <paramref name="name"/>'s part of one response row.</summary>
    public ReadOnlySpan<double> Slice(double[] response, string name)
    {
        int p = IndexOf(name);
        return response.AsSpan(popOffset[p], network.Populations[p].Size);
    }

    sealed class Workspace(int state, int rate)
    {
        public readonly double[] Y = new double[state], K1 = new double[state], K2 = new double[state], K3 = new double[state],
                                 K4 = new double[state], Tmp = new double[state], Act = new double[rate],
                                 GExc = new double[rate], GInh = new double[rate];
    }

    double[] Simulate(double[] pattern, Workspace w)
    {
        if (pattern.Length != network.InputSize)
            throw new ParsimonyException($"A pattern has {pattern.Length} inputs; the network's input '{network.Input}' has {network.InputSize}.");
        Array.Clear(w.Y);
        var mean = new double[rateUnits];
        int perSample = protocol.StepsPerSample, first = protocol.FirstSample, end = protocol.EndSample;
        double dt = protocol.DtSeconds;
        for (int sample = 0; sample < end; sample++)
        {
            if (sample >= first)
                for (int u = 0; u < rateUnits; u++) mean[u] += Activation(w.Y[u]);
            if (sample == end - 1) break;   // the last sample in the window needs no further steps
            for (int s = 0; s < perSample; s++) Step(pattern, w, dt);
        }
        int count = end - first;
        for (int u = 0; u < rateUnits; u++) mean[u] /= count;
        return mean;
    }

    void Step(double[] pattern, Workspace w, double dt)
    {
        var y = w.Y;
        Derivative(pattern, y, w.K1, w);
        TensorPrimitives.MultiplyAdd(w.K1, dt / 2, y, w.Tmp);
        Derivative(pattern, w.Tmp, w.K2, w);
        TensorPrimitives.MultiplyAdd(w.K2, dt / 2, y, w.Tmp);
        Derivative(pattern, w.Tmp, w.K3, w);
        TensorPrimitives.MultiplyAdd(w.K3, dt, y, w.Tmp);
        Derivative(pattern, w.Tmp, w.K4, w);
        for (int i = 0; i < y.Length; i++) y[i] += dt / 6 * (w.K1[i] + 2 * (w.K2[i] + w.K3[i]) + w.K4[i]);
    }

    void Derivative(double[] pattern, double[] y, double[] dy, Workspace w)
    {
        var act = w.Act;
        for (int u = 0; u < rateUnits; u++) act[u] = Activation(y[u]);
        Array.Clear(w.GExc);
        Array.Clear(w.GInh);
        foreach (var s in synapses)
        {
            var pre = s.PreIsInput ? pattern.AsSpan() : act.AsSpan(s.PreOffset, s.Pre);
            var target = (s.Excitatory ? w.GExc : w.GInh).AsSpan(s.PostOffset, s.Post);
            for (int j = 0; j < s.Pre; j++)
            {
                double g = y[s.GOffset + j];
                dy[s.GOffset + j] = -g * s.InvDecay + Math.Max(0, pre[j] - g) * s.InvRise;
            }
            if (s.Pre >= DotFrom)
            {
                var gs = y.AsSpan(s.GOffset, s.Pre);
                for (int k = 0; k < s.Post; k++) target[k] += TensorPrimitives.Dot(s.W.AsSpan(k * s.Pre, s.Pre), gs);
                continue;
            }
            for (int j = 0; j < s.Pre; j++)
            {
                double g = y[s.GOffset + j];
                if (g == 0) continue;
                var row = s.W.AsSpan(j * s.Post, s.Post);
                if (s.Post >= 16) TensorPrimitives.MultiplyAdd(row, g, target, target);
                else for (int k = 0; k < row.Length; k++) target[k] += g * row[k];
            }
        }
        for (int u = 0; u < rateUnits; u++)
        {
            double v = y[u];
            dy[u] = (-v + w.GExc[u] * (DgNetwork.ExcitatoryReversal - v) + w.GInh[u] * (DgNetwork.InhibitoryReversal - v)) * invTau[u];
        }
    }
}
