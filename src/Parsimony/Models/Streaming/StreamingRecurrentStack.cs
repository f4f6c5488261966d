using System.Numerics.Tensors;
using Parsimony.Models.Rnn;

namespace Parsimony.Models.Streaming;

/// <summary>
/// Batch-1 streaming inference of a trained <see cref="RecurrentStack"/> (Elman ReLU/tanh, GRU, LSTM; any number of
/// layers), float32, hand-written: each step gathers the rows of Wᵀ for the non-zero inputs and of Rᵀ for the non-zero
/// hidden units of the previous step (<see cref="TransposedWeights"/>), so a ReLU network's silent units and a pruned
/// matrix's removed weights cost nothing — except that an unstructured-pruned recurrent matrix of units whose state is
/// dense (GRU, LSTM, tanh) is read by output row (<see cref="CompressedRows"/>), one gathered dot product per output (a
/// block-pruned one keeps its blocked rows: one SIMD multiply-add per surviving block) — then applies the cell's pointwise gates with SIMD. The same equations as
/// libtorch's cells: GRU gates (r, z, n) with n = tanh(W_n x + b_in + r ⊙ (R_n h + b_hn)), LSTM gates (i, f, g, o).
/// </summary>
public sealed class StreamingRecurrentStack
{
    readonly Layer[] layers;

    /// <summary>Copies <paramref name="stack"/>'s weights; <paramref name="compressed"/> stores a pruned matrix's surviving weights only (<see cref="TransposedWeights.For"/>).</summary>
    public StreamingRecurrentStack(RecurrentStack stack, bool compressed)
    {
        Spec = stack.Spec;
        var state = stack.state_dict();
        layers = new Layer[Spec.Layers];
        for (int k = 0; k < Spec.Layers; k++)
        {
            float[] Bias(string name) => state.TryGetValue($"rnn.{name}_l{k}", out var b)
                ? b.detach().to_type(TorchSharp.torch.ScalarType.Float32).contiguous().data<float>().ToArray()
                : new float[stack.Gates * Spec.HiddenSize];
            var recurrent = TransposedWeights.For(stack.RecurrentWeight(k), compressed);
            // Units that are almost never exactly zero (GRU, LSTM, tanh) multiply a dense h: an unstructured-pruned R is read by output row then.
            bool denseState = Spec.Kind != CellKind.Elman || Spec.Activation != Activation.Relu;
            var byOutput = recurrent.Storage == RowStorage.Compressed && denseState ? new CompressedRows(stack.RecurrentWeight(k)) : null;
            layers[k] = new Layer(TransposedWeights.For(stack.InputWeight(k), compressed), recurrent, byOutput,
                                  Bias("bias_ih"), Bias("bias_hh"), Spec.HiddenSize, stack.Gates);
        }
    }

    /// <summary>The stack's shape and cell.</summary>
    public RecurrentSpec Spec { get; }

    /// <summary>Visit every row instead of those of non-zero inputs and units (the dense SIMD kernel of the same step; same results).</summary>
    public bool AllRows { get; set; }

    /// <summary>The last layer's hidden state h_t [H].</summary>
    public ReadOnlySpan<float> Output => layers[^1].H;

    /// <summary>Hidden state of layer <paramref name="layer"/> [H].</summary>
    public ReadOnlySpan<float> Hidden(int layer) => layers[layer].H;

    /// <summary>Non-zero hidden units after the last step, all layers.</summary>
    public int NonZero => layers.Sum(l => l.NonZero);

    /// <summary>Multiply-accumulates of the weight products since the last <see cref="Reset"/>.</summary>
    public long Macs { get; private set; }

    /// <summary>Bytes of weights those products read.</summary>
    public long WeightBytes { get; private set; }

    /// <summary>Weights stored, all matrices (the surviving ones when compressed).</summary>
    public long StoredWeights => layers.Sum(l => l.Input.Stored + l.Recurrent.Stored);

    /// <summary>Multiply-accumulates of one step of the dense stack: gates·H·(I + H) per layer.</summary>
    public long DenseMacsPerStep => layers.Sum(l => (long)l.Input.Outputs * (l.Input.Inputs + l.Recurrent.Inputs));

    /// <summary>Zero state (or h = <paramref name="h0"/>[layer] per layer; LSTM cells at zero) and counters at 0.</summary>
    public void Reset(IReadOnlyList<float[]>? h0 = null)
    {
        if (h0 is not null && h0.Count != layers.Length) throw new ArgumentException($"h0 has {h0.Count} layers, not {layers.Length}.", nameof(h0));
        for (int k = 0; k < layers.Length; k++) layers[k].Reset(h0?[k]);
        Macs = 0;
        WeightBytes = 0;
    }

    /// <summary>One step for input <paramref name="x"/> [I]; returns the last layer's h_t.</summary>
    public ReadOnlySpan<float> Step(ReadOnlySpan<float> x)
    {
        if (x.Length != Spec.InputSize) throw new ArgumentException($"The input has {x.Length} features, not {Spec.InputSize}.", nameof(x));
        ReadOnlySpan<float> input = x;
        foreach (var layer in layers)
        {
            var (macs, bytes) = layer.Step(input, Spec, AllRows);
            Macs += macs;
            WeightBytes += bytes;
            input = layer.H;
        }
        return input;
    }

    sealed class Layer(TransposedWeights input, TransposedWeights recurrent, CompressedRows? recurrentByOutput, float[] inputBias, float[] recurrentBias,
                       int units, int gates)
    {
        public readonly TransposedWeights Input = input, Recurrent = recurrent;
        readonly float[] h = new float[units], c = new float[units], p = new float[gates * units], q = new float[gates * units];
        public int NonZero;

        public ReadOnlySpan<float> H => h;

        public void Reset(float[]? h0)
        {
            if (h0 is not null && h0.Length != units) throw new ArgumentException($"An initial state has {units} units (got {h0.Length}).", nameof(h0));
            if (h0 is null) Array.Clear(h); else h0.CopyTo(h, 0);
            Array.Clear(c);
            NonZero = h.Count(v => v != 0);
        }

        public (long Macs, long Bytes) Step(ReadOnlySpan<float> x, RecurrentSpec spec, bool allRows)
        {
            inputBias.CopyTo(p, 0);
            long macs = Input.MultiplyAdd(x, p, allRows);
            double bytes = macs * Input.BytesPerWeight;
            recurrentBias.CopyTo(q, 0);
            long recurrentMacs = recurrentByOutput?.MultiplyAdd(h, q) ?? Recurrent.MultiplyAdd(h, q, allRows);
            bytes += recurrentMacs * (recurrentByOutput?.BytesPerWeight ?? Recurrent.BytesPerWeight);
            macs += recurrentMacs;
            switch (spec.Kind)
            {
                case CellKind.Elman: Elman(spec.Activation); break;
                case CellKind.Gru: Gru(); break;
                default: Lstm(); break;
            }
            NonZero = CountNonZero();
            return (macs, (long)bytes);
        }

        int CountNonZero()
        {
            int n = 0;
            foreach (var v in h) if (v != 0) n++;
            return n;
        }

        void Elman(Activation activation)
        {
            TensorPrimitives.Add(p, q, h);
            if (activation == Activation.Relu) TensorPrimitives.Max(h, 0f, h); else TensorPrimitives.Tanh(h, h);
        }

        void Gru()
        {
            var pr = p.AsSpan(0, units); var pz = p.AsSpan(units, units); var pn = p.AsSpan(2 * units, units);
            var qr = q.AsSpan(0, units); var qz = q.AsSpan(units, units); var qn = q.AsSpan(2 * units, units);
            TensorPrimitives.Add(pr, qr, pr); TensorPrimitives.Sigmoid(pr, pr);               // r
            TensorPrimitives.Add(pz, qz, pz); TensorPrimitives.Sigmoid(pz, pz);               // z
            TensorPrimitives.MultiplyAdd(pr, qn, pn, pn); TensorPrimitives.Tanh(pn, pn);       // n = tanh(p_n + r·q_n)
            for (int n = 0; n < units; n++) h[n] = pn[n] + pz[n] * (h[n] - pn[n]);             // (1 − z)·n + z·h
        }

        void Lstm()
        {
            var pi = p.AsSpan(0, units); var pf = p.AsSpan(units, units); var pg = p.AsSpan(2 * units, units); var po = p.AsSpan(3 * units, units);
            TensorPrimitives.Add(p, q, p);
            TensorPrimitives.Sigmoid(pi, pi); TensorPrimitives.Sigmoid(pf, pf); TensorPrimitives.Tanh(pg, pg); TensorPrimitives.Sigmoid(po, po);
            TensorPrimitives.Multiply(pf, c, c);
            TensorPrimitives.MultiplyAdd(pi, pg, c, c);                                          // c = f·c + i·g
            TensorPrimitives.Tanh(c, h);
            TensorPrimitives.Multiply(po, h, h);                                                 // h = o·tanh(c)
        }
    }
}
