using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tensor = TorchSharp.torch.Tensor;
using ScalarType = TorchSharp.torch.ScalarType;

namespace Parsimony.Models.Streaming;

/// <summary>
/// A weight matrix W [outputs, inputs] stored by input (the rows of Wᵀ), so that W·x for a sparse x touches only the
/// rows of x's non-zeros — the row gather of event-driven inference. Rows are either dense (one SIMD multiply-add of
/// <see cref="Outputs"/> floats) or compressed (only the surviving weights of a pruned matrix: a float value and its
/// output position, 16-bit when <see cref="Outputs"/> ≤ 65,536, so 6 bytes per weight, else 32-bit, 8 bytes).
/// </summary>
public sealed class TransposedWeights
{
    readonly float[]? dense;
    readonly int[]? rowStart;
    readonly float[]? values;
    readonly ushort[]? shortPositions;
    readonly int[]? positions;

    /// <summary>Columns of W (rows of Wᵀ): the length of the vector it multiplies.</summary>
    public int Inputs { get; }

    /// <summary>Rows of W: the length of the vector it accumulates into.</summary>
    public int Outputs { get; }

    /// <summary>Whether only the non-zero weights are stored.</summary>
    public bool Compressed => dense is null;

    /// <summary>Weights stored (all of them when dense).</summary>
    public long Stored => dense?.LongLength ?? values!.LongLength;

    /// <summary>Bytes read per stored weight: 4 dense, 6 or 8 compressed (value and position).</summary>
    public int BytesPerWeight => dense is not null ? 4 : shortPositions is not null ? 6 : 8;

    /// <summary>Copies <paramref name="weight"/> [outputs, inputs] (any dtype, on the CPU); <paramref name="compressed"/> keeps only its non-zeros.</summary>
    public TransposedWeights(Tensor weight, bool compressed)
    {
        if (weight.dim() != 2) throw new ArgumentException($"A weight matrix has two dimensions (got {weight.dim()}).", nameof(weight));
        Outputs = (int)weight.shape[0];
        Inputs = (int)weight.shape[1];
        var t = weight.detach().t().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();   // [inputs, outputs]
        if (!compressed)
        {
            dense = t;
            return;
        }
        rowStart = new int[Inputs + 1];
        int nonzero = t.Count(v => v != 0);
        values = new float[nonzero];
        bool small = Outputs <= ushort.MaxValue + 1;
        if (small) shortPositions = new ushort[nonzero]; else positions = new int[nonzero];
        int k = 0;
        for (int i = 0; i < Inputs; i++)
        {
            for (int o = 0; o < Outputs; o++)
            {
                float v = t[i * Outputs + o];
                if (v == 0) continue;
                values[k] = v;
                if (small) shortPositions![k] = (ushort)o; else positions![k] = o;
                k++;
            }
            rowStart[i + 1] = k;
        }
    }

    /// <summary>
    /// <paramref name="weight"/> compressed when <paramref name="compressPruned"/> and fewer than two thirds of its weights
    /// survive (below that the 6 bytes per stored weight read less than the dense rows' 4 per weight), else dense.
    /// </summary>
    public static TransposedWeights For(Tensor weight, bool compressPruned)
    {
        if (!compressPruned) return new TransposedWeights(weight, compressed: false);
        double surviving = weight.count_nonzero().item<long>() / (double)weight.numel();
        return new TransposedWeights(weight, compressed: surviving < 2.0 / 3);
    }

    /// <summary>Weights stored in row <paramref name="input"/> (the multiply-accumulates of one <see cref="Accumulate"/>).</summary>
    public int RowLength(int input) => dense is not null ? Outputs : rowStart![input + 1] - rowStart[input];

    /// <summary>
    /// into += W·<paramref name="x"/> by the row gather: only the rows of x's non-zeros (every row when
    /// <paramref name="allRows"/>: the dense kernel, same results); returns the multiply-accumulates done.
    /// </summary>
    public long MultiplyAdd(ReadOnlySpan<float> x, Span<float> into, bool allRows = false)
    {
        if (x.Length != Inputs) throw new ArgumentException($"The input has {x.Length} entries, not {Inputs}.", nameof(x));
        long macs = 0;
        for (int i = 0; i < x.Length; i++)
            if (allRows || x[i] != 0) macs += Accumulate(i, x[i], into);
        return macs;
    }

    /// <summary>into += <paramref name="value"/> · Wᵀ[<paramref name="input"/>] (W's column); returns the multiply-accumulates done.</summary>
    public int Accumulate(int input, float value, Span<float> into)
    {
        if (dense is not null)
        {
            TensorPrimitives.MultiplyAdd(dense.AsSpan(input * Outputs, Outputs), value, into, into);
            return Outputs;
        }
        if (into.Length < Outputs) throw new ArgumentException($"The target has {into.Length} entries, fewer than {Outputs}.", nameof(into));
        int start = rowStart![input], end = rowStart[input + 1];
        ref float target = ref MemoryMarshal.GetReference(into);
        ref float weights = ref MemoryMarshal.GetArrayDataReference(values!);
        if (shortPositions is not null)
        {
            ref ushort at = ref MemoryMarshal.GetArrayDataReference(shortPositions);
            int k = start;
            for (; k + 4 <= end; k += 4)
            {
                Unsafe.Add(ref target, Unsafe.Add(ref at, k)) += value * Unsafe.Add(ref weights, k);
                Unsafe.Add(ref target, Unsafe.Add(ref at, k + 1)) += value * Unsafe.Add(ref weights, k + 1);
                Unsafe.Add(ref target, Unsafe.Add(ref at, k + 2)) += value * Unsafe.Add(ref weights, k + 2);
                Unsafe.Add(ref target, Unsafe.Add(ref at, k + 3)) += value * Unsafe.Add(ref weights, k + 3);
            }
            for (; k < end; k++) Unsafe.Add(ref target, Unsafe.Add(ref at, k)) += value * Unsafe.Add(ref weights, k);
        }
        else
        {
            ref int at = ref MemoryMarshal.GetArrayDataReference(positions!);
            for (int k = start; k < end; k++) Unsafe.Add(ref target, Unsafe.Add(ref at, k)) += value * Unsafe.Add(ref weights, k);
        }
        return end - start;
    }
}
