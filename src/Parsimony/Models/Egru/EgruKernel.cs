using System.Numerics.Tensors;

namespace Parsimony.Models.Egru;

/// <summary>The sizes of one kernel call: T steps, B samples, I inputs, N units.</summary>
public readonly record struct EgruShape(int Steps, int Batch, int Inputs, int Units)
{
    /// <summary>3N, the width of the gate blocks (z, r, g).</summary>
    public int Gates => 3 * Units;
}

/// <summary>
/// The inputs of one kernel call, row-major float64 in the spec's layout (row-vector convention, gates (z, r, g) along
/// the last axis): x [T, B, I], y₀ [B, N] (null: zeros), Wᵀ [I, 3N], Rᵀ [N, 3N], b_x, b_r [3N], ϑ [N] and the zoneout
/// factor k [T, B, N] (null: none).
/// </summary>
public sealed record EgruKernelInput(EgruShape Shape, double[] X, double[]? Y0, double[] InputWeightT, double[] RecurrentWeightT,
                                     double[] InputBias, double[] RecurrentBias, double[] Threshold, double[]? Keep);

/// <summary>
/// A forward pass: the outputs y, h, o, tr [T, B, N] and the per-unit cache of the backward (z, r, g, the recurrent
/// candidate pre-activation q_g and the pre-reset state c).
/// </summary>
public sealed class EgruTape
{
    internal EgruTape(EgruKernelInput input, bool sparse)
    {
        Input = input;
        Sparse = sparse;
        int n = input.Shape.Steps * input.Shape.Batch * input.Shape.Units;
        Y = new double[n]; H = new double[n]; O = new double[n]; Trace = new double[n];
        Z = new double[n]; R = new double[n]; G = new double[n]; Qg = new double[n]; C = new double[n];
    }

    /// <summary>The call's inputs.</summary>
    public EgruKernelInput Input { get; }

    /// <summary>Whether the call was event-driven.</summary>
    public bool Sparse { get; }

    /// <summary>Output y [T, B, N].</summary>
    public double[] Y { get; }

    /// <summary>Post-reset state h [T, B, N].</summary>
    public double[] H { get; }

    /// <summary>Events o (0/1) [T, B, N].</summary>
    public double[] O { get; }

    /// <summary>Output trace [T, B, N].</summary>
    public double[] Trace { get; }

    internal double[] Z { get; }
    internal double[] R { get; }
    internal double[] G { get; }
    internal double[] Qg { get; }
    internal double[] C { get; }
}

/// <summary>Gradients of one kernel call (layouts as <see cref="EgruKernelInput"/>; dx and dy₀ null when not asked for).</summary>
public sealed record EgruKernelGradients(double[]? X, double[]? Y0, double[] InputWeightT, double[] RecurrentWeightT,
                                         double[] InputBias, double[] RecurrentBias, double[] Threshold);

/// <summary>
/// The fused CPU EGRU layer (spec §A.1 forward, §A.3 backward), float64. Event-driven when sparse: the recurrent product
/// y_{t−1}R gathers only rows of units that emitted an event (and x_t W only non-zero inputs); the backward computes
/// dy_{t−1} = dq·Rᵀ only for the backward-active set (o = 1 or ψ(c − ϑ) ≠ 0: the other units' y-gradient is multiplied
/// by 0) and the outer products only over non-zero rows. The dense path visits every row in the same order, so both give
/// equal values (skipped terms are exact zeros). Samples run in parallel; every sum has a fixed order, so results do not
/// depend on the thread count.
/// </summary>
public static class EgruKernel
{
    /// <summary>The trace's decay α (hard-coded in EvNN).</summary>
    public const double TraceDecay = 0.9;

    /// <summary>Runs the layer over the sequence, adding the MACs to <paramref name="macs"/>.</summary>
    public static EgruTape Forward(EgruKernelInput input, bool sparse, EgruMacs? macs = null)
    {
        var (steps, batch, inputs, units) = input.Shape;
        int gates = 3 * units;
        var tape = new EgruTape(input, sparse);
        var zerosN = new double[units];
        var p = new double[batch][];
        var q = new double[batch][];
        for (int b = 0; b < batch; b++) { p[b] = new double[gates]; q[b] = new double[gates]; }
        long rowsIn = 0, rowsRec = 0;
        for (int t = 0; t < steps; t++)
        {
            int step = t;
            For(batch, (long)gates * (inputs + units), b =>
            {
                var (a, r) = ForwardSample(input, tape, step, b, p[b], q[b], zerosN, sparse);
                Interlocked.Add(ref rowsIn, a);
                Interlocked.Add(ref rowsRec, r);
            });
        }
        macs?.AddForward(gates * rowsIn, gates * rowsRec);
        macs?.AddDense((long)steps * batch * gates * (inputs + units), 2L * steps * batch * gates * (inputs + units));
        return tape;
    }

    static (long Inputs, long Rows) ForwardSample(EgruKernelInput input, EgruTape tape, int t, int b, double[] p, double[] q, double[] zerosN, bool sparse)
    {
        var (_, batch, inputs, units) = input.Shape;
        int gates = 3 * units;
        long nIn = 0, nRec = 0;
        input.InputBias.CopyTo(p, 0);
        var x = input.X.AsSpan((t * batch + b) * inputs, inputs);
        for (int i = 0; i < inputs; i++)
        {
            if (sparse && x[i] == 0) continue;
            var row = input.InputWeightT.AsSpan(i * gates, gates);
            TensorPrimitives.MultiplyAdd(row, x[i], p, p);
            nIn++;
        }
        input.RecurrentBias.CopyTo(q, 0);
        ReadOnlySpan<double> yPrev = t > 0 ? tape.Y.AsSpan(((t - 1) * batch + b) * units, units)
                                   : input.Y0 is null ? zerosN : input.Y0.AsSpan(b * units, units);
        for (int j = 0; j < units; j++)
        {
            if (sparse && yPrev[j] == 0) continue;
            TensorPrimitives.MultiplyAdd(input.RecurrentWeightT.AsSpan(j * gates, gates), yPrev[j], q, q);
            nRec++;
        }
        ReadOnlySpan<double> hPrev = t > 0 ? tape.H.AsSpan(((t - 1) * batch + b) * units, units) : zerosN;
        ReadOnlySpan<double> trPrev = t > 0 ? tape.Trace.AsSpan(((t - 1) * batch + b) * units, units) : zerosN;
        int at = (t * batch + b) * units;
        for (int n = 0; n < units; n++)
        {
            double z = Sigmoid(p[n] + q[n]);
            double r = Sigmoid(p[units + n] + q[units + n]);
            double g = Math.Tanh(p[2 * units + n] + r * q[2 * units + n]);
            double c = z * hPrev[n] + (1 - z) * g;
            if (input.Keep is { } keep) c = hPrev[n] + keep[at + n] * (c - hPrev[n]);
            double thr = input.Threshold[n];
            double o = c - thr > 0 ? 1 : 0;
            double y = o * c;
            tape.Z[at + n] = z; tape.R[at + n] = r; tape.G[at + n] = g; tape.Qg[at + n] = q[2 * units + n]; tape.C[at + n] = c;
            tape.O[at + n] = o;
            tape.Y[at + n] = y;
            tape.H[at + n] = c - o * thr;
            tape.Trace[at + n] = TraceDecay * trPrev[n] + (1 - TraceDecay) * y;
        }
        return (nIn, nRec);
    }

    /// <summary>Runs body(0 … count − 1), in parallel only when the work (count × <paramref name="work"/> MACs) pays for the threads.</summary>
    static void For(int count, long work, Action<int> body)
    {
        if (count * work < 1 << 22) { for (int i = 0; i < count; i++) body(i); }
        else Parallel.For(0, count, body);
    }

    static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    /// <summary>
    /// The gradients (spec §A.3) from the output gradients dy, dh, do, dtr [T, B, N] (null: zero), with in-layer clipping
    /// at <paramref name="gradClip"/> (0: off) of every gradient but dx. The sparsity of the backward follows the tape's.
    /// </summary>
    public static EgruKernelGradients Backward(EgruTape tape, double[]? dy, double[]? dh, double[]? dO, double[]? dTrace, TriangleSurrogate surrogate,
                                               bool inputGradient, bool y0Gradient, double gradClip = 0, EgruMacs? macs = null)
    {
        var input = tape.Input;
        var (steps, batch, inputs, units) = input.Shape;
        int gates = 3 * units;
        bool sparse = tape.Sparse;
        var dp = new double[steps * batch * gates];
        var dq = new double[steps * batch * gates];
        var dyIn = new double[batch * units];
        var dhIn = new double[batch * units];
        var dtrAcc = new double[batch * units];
        var dThrPart = new double[batch * units];
        var dy0 = y0Gradient ? new double[batch * units] : null;
        long rowsDy = 0;
        for (int t = steps - 1; t >= 0; t--)
        {
            int step = t;
            For(batch, 2L * gates * units, b =>
            {
                Pointwise(tape, step, b, dy, dh, dO, dTrace, surrogate, dp, dq, dyIn, dhIn, dtrAcc, dThrPart);
                var dqRow = dq.AsSpan((step * batch + b) * gates, gates);
                long rows = 0;
                if (step > 0)
                {
                    int prev = ((step - 1) * batch + b) * units;
                    for (int j = 0; j < units; j++)
                    {
                        bool active = !sparse || tape.O[prev + j] != 0 || surrogate.Psi(tape.C[prev + j] - input.Threshold[j]) != 0;
                        dyIn[b * units + j] = active ? TensorPrimitives.Dot(dqRow, input.RecurrentWeightT.AsSpan(j * gates, gates)) : 0;
                        if (active) rows++;
                    }
                }
                else if (dy0 is not null)
                {
                    for (int j = 0; j < units; j++) dy0[b * units + j] = TensorPrimitives.Dot(dqRow, input.RecurrentWeightT.AsSpan(j * gates, gates));
                    rows += units;
                }
                Interlocked.Add(ref rowsDy, rows);
            });
        }

        var dbx = new double[gates];
        var dbr = new double[gates];
        for (int tb = 0; tb < steps * batch; tb++)
        {
            TensorPrimitives.Add(dbx, dp.AsSpan(tb * gates, gates), dbx);
            TensorPrimitives.Add(dbr, dq.AsSpan(tb * gates, gates), dbr);
        }
        var dThr = new double[units];
        for (int b = 0; b < batch; b++) TensorPrimitives.Add(dThr, dThrPart.AsSpan(b * units, units), dThr);

        long rowsW = 0, rowsR = 0;
        var dWt = new double[inputs * gates];
        For(inputs, (long)steps * batch * gates, i =>
        {
            var row = dWt.AsSpan(i * gates, gates);
            long rows = 0;
            for (int tb = 0; tb < steps * batch; tb++)
            {
                double xi = input.X[tb * inputs + i];
                if (sparse && xi == 0) continue;
                TensorPrimitives.MultiplyAdd(dp.AsSpan(tb * gates, gates), xi, row, row);
                rows++;
            }
            Interlocked.Add(ref rowsW, rows);
        });
        var dRt = new double[units * gates];
        For(units, (long)steps * batch * gates, j =>
        {
            var row = dRt.AsSpan(j * gates, gates);
            long rows = 0;
            for (int t = 0; t < steps; t++)
                for (int b = 0; b < batch; b++)
                {
                    double yj = t > 0 ? tape.Y[((t - 1) * batch + b) * units + j] : input.Y0?[b * units + j] ?? 0;
                    if (sparse && yj == 0) continue;
                    TensorPrimitives.MultiplyAdd(dq.AsSpan((t * batch + b) * gates, gates), yj, row, row);
                    rows++;
                }
            Interlocked.Add(ref rowsR, rows);
        });
        double[]? dx = null;
        if (inputGradient)
        {
            dx = new double[steps * batch * inputs];
            For(steps * batch, (long)inputs * gates, tb =>
            {
                var dpRow = dp.AsSpan(tb * gates, gates);
                for (int i = 0; i < inputs; i++) dx[tb * inputs + i] = TensorPrimitives.Dot(dpRow, input.InputWeightT.AsSpan(i * gates, gates));
            });
        }
        macs?.AddBackward(gates * (rowsW + (inputGradient ? (long)steps * batch * inputs : 0)), gates * (rowsR + rowsDy));

        if (gradClip > 0)
        {
            double sq = SumSquares(dWt) + SumSquares(dRt) + SumSquares(dbx) + SumSquares(dbr) + SumSquares(dThr) + (dy0 is null ? 0 : SumSquares(dy0));
            double scale = Math.Min(1, gradClip / (Math.Sqrt(sq) + 1e-6));
            if (scale < 1)
                foreach (var a in new[] { dWt, dRt, dbx, dbr, dThr, dy0 })
                    if (a is not null) TensorPrimitives.Multiply(a, scale, a);
        }
        return new EgruKernelGradients(dx, dy0, dWt, dRt, dbx, dbr, dThr);
    }

    static double SumSquares(double[] a) => TensorPrimitives.Dot(a, a);

    /// <summary>The per-unit part of the backward at step t for sample b: writes dp, dq, updates the carries dh, dtr and dϑ.</summary>
    static void Pointwise(EgruTape tape, int t, int b, double[]? dy, double[]? dh, double[]? dO, double[]? dTrace, TriangleSurrogate surrogate,
                          double[] dp, double[] dq, double[] dyIn, double[] dhIn, double[] dtrAcc, double[] dThrPart)
    {
        var input = tape.Input;
        var (_, batch, _, units) = input.Shape;
        int at = (t * batch + b) * units, gate = (t * batch + b) * 3 * units, carry = b * units;
        for (int n = 0; n < units; n++)
        {
            int i = at + n, k = carry + n;
            double dtr = (dTrace?[i] ?? 0) + dtrAcc[k];
            dtrAcc[k] = TraceDecay * dtr;
            double dyT = (dy?[i] ?? 0) + dyIn[k] + (1 - TraceDecay) * dtr;
            double dhT = (dh?[i] ?? 0) + dhIn[k];
            double thr = input.Threshold[n], c = tape.C[i], o = tape.O[i];
            double dEvent = (dO?[i] ?? 0) + c * dyT - thr * dhT;
            double dHeaviside = surrogate.Psi(c - thr) * dEvent;
            dThrPart[k] -= dHeaviside + o * dhT;
            double dc = o * dyT + dHeaviside + dhT;
            double hPrev = t > 0 ? tape.H[i - batch * units] : 0;
            double z = tape.Z[i], r = tape.R[i], g = tape.G[i];
            double dcGate = dc, dhPrev = 0;
            if (input.Keep is { } keep)
            {
                dcGate = keep[i] * dc;
                dhPrev = (1 - keep[i]) * dc;
            }
            dhIn[k] = dhPrev + z * dcGate;
            double dg = (1 - z) * dcGate, dz = (hPrev - g) * dcGate;
            double dpg = (1 - g * g) * dg;
            double dpr = r * (1 - r) * (dpg * tape.Qg[i]);
            double dpz = z * (1 - z) * dz;
            dp[gate + n] = dpz; dp[gate + units + n] = dpr; dp[gate + 2 * units + n] = dpg;
            dq[gate + n] = dpz; dq[gate + units + n] = dpr; dq[gate + 2 * units + n] = dpg * r;
        }
    }
}
