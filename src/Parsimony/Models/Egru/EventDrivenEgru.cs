using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Parsimony.Models.Streaming;

namespace Parsimony.Models.Egru;

/// <summary>
/// Batch-1 event-driven inference of one trained <see cref="EgruLayer"/> (evaluation semantics: no DropConnect,
/// zoneout c ← p·h + (1 − p)·c), float32, hand-written. A step costs 3N per non-zero input and per unit that emitted
/// an event at the previous step — the rows of Wᵀ and Rᵀ of those are gathered and accumulated with SIMD
/// (<see cref="TensorPrimitives"/>, Vector128/256/512 as the CPU has) — plus O(N) pointwise work. With pruned
/// matrices (<c>csr</c>) each row holds only its surviving weights (<see cref="TransposedWeights"/>), so the work is
/// events × surviving weights. <see cref="AllRows"/> turns the gather off: the dense SIMD kernel of the same step.
/// </summary>
public sealed class EventDrivenEgru
{
    readonly int inputs, units, gates;
    readonly TransposedWeights input, recurrent;
    readonly float[] inputBias, recurrentBias, threshold;
    readonly float keep;
    readonly float[] y, h, trace, events, p, q;
    readonly int[] active;
    int activeCount;

    /// <summary>Copies <paramref name="layer"/>'s weights (thresholds clamped to [0, 1]); <paramref name="csr"/> stores pruned matrices by their surviving weights only (<see cref="TransposedWeights.For"/>).</summary>
    public EventDrivenEgru(EgruLayer layer, bool csr = false)
    {
        inputs = layer.InputSize;
        units = layer.HiddenSize;
        gates = 3 * units;
        input = TransposedWeights.For(layer.InputWeight, csr);
        recurrent = TransposedWeights.For(layer.RecurrentWeight, csr);
        inputBias = Floats(layer.InputBias.detach());
        recurrentBias = Floats(layer.RecurrentBias.detach());
        threshold = Floats(layer.Threshold.detach().clamp(0, 1));
        keep = (float)(1 - layer.Spec.Zoneout);
        y = new float[units]; h = new float[units]; trace = new float[units]; events = new float[units];
        p = new float[gates]; q = new float[gates];
        active = new int[units];
    }

    static float[] Floats(TorchSharp.torch.Tensor t) => t.to_type(TorchSharp.torch.ScalarType.Float32).contiguous().data<float>().ToArray();

    /// <summary>Visit every row instead of the active ones (the dense kernel; same results).</summary>
    public bool AllRows { get; set; }

    /// <summary>Output y_t [N].</summary>
    public ReadOnlySpan<float> Y => y;

    /// <summary>Post-reset state h_t [N].</summary>
    public ReadOnlySpan<float> H => h;

    /// <summary>Output trace [N].</summary>
    public ReadOnlySpan<float> Trace => trace;

    /// <summary>Events o_t (0/1) [N].</summary>
    public ReadOnlySpan<float> Events => events;

    /// <summary>Units that emitted an event at the last step.</summary>
    public int ActiveCount => activeCount;

    /// <summary>Multiply-accumulates of the weight products since the last <see cref="Reset"/>.</summary>
    public long Macs { get; private set; }

    /// <summary>Bytes of weights read by those products (<see cref="TransposedWeights.BytesPerWeight"/>: 4 per dense weight, 6 per compressed one, 4.25 per blocked one).</summary>
    public long WeightBytes { get; private set; }

    /// <summary>Stored recurrent weights (the surviving ones when compressed).</summary>
    public long RecurrentWeights => recurrent.Stored;

    /// <summary>Back to the initial state: y = <paramref name="y0"/> (empty: zeros), h = tr = 0; counters to 0.</summary>
    public void Reset(ReadOnlySpan<float> y0 = default)
    {
        Array.Clear(y); Array.Clear(h); Array.Clear(trace); Array.Clear(events);
        if (!y0.IsEmpty) y0.CopyTo(y);
        activeCount = 0;
        for (int j = 0; j < units; j++) if (y[j] != 0) active[activeCount++] = j;
        Macs = 0;
        WeightBytes = 0;
    }

    /// <summary>One step for input <paramref name="x"/> [I].</summary>
    public void Step(ReadOnlySpan<float> x)
    {
        if (x.Length != inputs) throw new ArgumentException($"The input has {x.Length} features, not {inputs}.", nameof(x));
        inputBias.CopyTo(p, 0);
        long inputMacs = input.MultiplyAdd(x, p, AllRows);
        recurrentBias.CopyTo(q, 0);
        long recurrentMacs = AllRows ? recurrent.MultiplyAdd(y, q, allRows: true) : recurrent.MultiplyAddRows(active.AsSpan(0, activeCount), y, q);
        Macs += inputMacs + recurrentMacs;
        WeightBytes += (long)(inputMacs * input.BytesPerWeight + recurrentMacs * recurrent.BytesPerWeight);
        Pointwise();
    }

    void Pointwise()
    {
        var pz = p.AsSpan(0, units); var pr = p.AsSpan(units, units); var pg = p.AsSpan(2 * units, units);
        var qz = q.AsSpan(0, units); var qr = q.AsSpan(units, units); var qg = q.AsSpan(2 * units, units);
        TensorPrimitives.Add(pz, qz, pz); TensorPrimitives.Sigmoid(pz, pz);               // z
        TensorPrimitives.Add(pr, qr, pr); TensorPrimitives.Sigmoid(pr, pr);               // r
        TensorPrimitives.MultiplyAdd(pr, qg, pg, pg); TensorPrimitives.Tanh(pg, pg);       // g = tanh(p_g + r·q_g)
        activeCount = 0;
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            var keepV = Vector256.Create(keep);
            var decay = Vector256.Create(0.9f);
            var gain = Vector256.Create(0.1f);
            for (; n + 8 <= units; n += 8)
            {
                var z = Vector256.Create(pz.Slice(n, 8)); var g = Vector256.Create(pg.Slice(n, 8)); var hPrev = Vector256.Create(h.AsSpan(n, 8));
                var c = z * hPrev + (one - z) * g;
                if (keep != 1) c = hPrev + keepV * (c - hPrev);
                var thr = Vector256.Create(threshold.AsSpan(n, 8));
                var fire = Vector256.GreaterThan(c - thr, Vector256<float>.Zero);
                var yNew = c & fire;
                (one & fire).CopyTo(events.AsSpan(n, 8));
                yNew.CopyTo(y.AsSpan(n, 8));
                (c - (thr & fire)).CopyTo(h.AsSpan(n, 8));
                (decay * Vector256.Create(trace.AsSpan(n, 8)) + gain * yNew).CopyTo(trace.AsSpan(n, 8));
                for (uint bits = fire.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
                    active[activeCount++] = n + BitOperations.TrailingZeroCount(bits);
            }
        }
        for (; n < units; n++)
        {
            float z = pz[n], g = pg[n], hPrev = h[n];
            float c = z * hPrev + (1 - z) * g;
            if (keep != 1) c = hPrev + keep * (c - hPrev);
            float thr = threshold[n];
            bool fire = c - thr > 0;
            events[n] = fire ? 1 : 0;
            y[n] = fire ? c : 0;
            h[n] = fire ? c - thr : c;
            trace[n] = 0.9f * trace[n] + 0.1f * y[n];
            active[activeCount] = n;
            activeCount += fire ? 1 : 0;     // no branch on the data: events are unpredictable
        }
    }
}
