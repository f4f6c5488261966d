using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Tensor = TorchSharp.torch.Tensor;
using ScalarType = TorchSharp.torch.ScalarType;

namespace Parsimony.Models.Streaming;

/// <summary>
/// A pruned weight matrix W [outputs, inputs] stored by output row, only its surviving weights (float value, 32-bit
/// input position: 8 bytes each): y += W·x as one gathered dot product per output. For a dense x (GRU, LSTM and tanh
/// units are almost never exactly zero) this reads each weight once and writes each output once, where the row
/// gather of <see cref="TransposedWeights"/> does a read-modify-write of the output per weight; for a sparse x the row
/// gather skips the rows of the zeros and is the better layout. With AVX2 the dot products gather eight inputs per
/// instruction (<c>vgatherdps</c>) into two FMA accumulators; elsewhere a scalar loop with four accumulators.
/// </summary>
public sealed class CompressedRows
{
    readonly int[] rowStart, positions;
    readonly float[] values;

    /// <summary>Rows of W.</summary>
    public int Outputs { get; }

    /// <summary>Columns of W.</summary>
    public int Inputs { get; }

    /// <summary>Surviving weights stored.</summary>
    public long Stored => values.LongLength;

    /// <summary>Whether the AVX2 gather path runs (where the CPU has it; tests switch it off to check the scalar path).</summary>
    internal bool Gather { get; set; } = Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Bytes read per stored weight (value and position).</summary>
    public int BytesPerWeight => 8;

    /// <summary>Copies the non-zeros of <paramref name="weight"/> [outputs, inputs].</summary>
    public CompressedRows(Tensor weight)
    {
        if (weight.dim() != 2) throw new ArgumentException($"A weight matrix has two dimensions (got {weight.dim()}).", nameof(weight));
        Outputs = (int)weight.shape[0];
        Inputs = (int)weight.shape[1];
        var w = weight.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        int nonzero = w.Count(v => v != 0);
        rowStart = new int[Outputs + 1];
        positions = new int[nonzero];
        values = new float[nonzero];
        int k = 0;
        for (int o = 0; o < Outputs; o++)
        {
            for (int i = 0; i < Inputs; i++)
            {
                float v = w[o * Inputs + i];
                if (v == 0) continue;
                values[k] = v;
                positions[k++] = i;
            }
            rowStart[o + 1] = k;
        }
    }

    /// <summary>into += W·<paramref name="x"/>; returns the multiply-accumulates done (<see cref="Stored"/>).</summary>
    public long MultiplyAdd(ReadOnlySpan<float> x, Span<float> into)
    {
        if (x.Length != Inputs) throw new ArgumentException($"The input has {x.Length} entries, not {Inputs}.", nameof(x));
        if (into.Length < Outputs) throw new ArgumentException($"The target has {into.Length} entries, fewer than {Outputs}.", nameof(into));
        if (Gather) GatheredRows(x, into);
        else ScalarRows(x, into);
        return values.LongLength;
    }

    unsafe void GatheredRows(ReadOnlySpan<float> x, Span<float> into)
    {
        fixed (float* source = x, weights = values)
        fixed (int* at = positions)
        {
            for (int o = 0; o < Outputs; o++)
            {
                int k = rowStart[o], end = rowStart[o + 1];
                Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
                for (; k + 16 <= end; k += 16)
                {
                    a0 = Fma.MultiplyAdd(Avx.LoadVector256(weights + k), Avx2.GatherVector256(source, Avx.LoadVector256(at + k), 4), a0);
                    a1 = Fma.MultiplyAdd(Avx.LoadVector256(weights + k + 8), Avx2.GatherVector256(source, Avx.LoadVector256(at + k + 8), 4), a1);
                }
                if (k + 8 <= end)
                {
                    a0 = Fma.MultiplyAdd(Avx.LoadVector256(weights + k), Avx2.GatherVector256(source, Avx.LoadVector256(at + k), 4), a0);
                    k += 8;
                }
                float sum = Vector256.Sum(a0 + a1);
                for (; k < end; k++) sum += weights[k] * source[at[k]];
                into[o] += sum;
            }
        }
    }

    void ScalarRows(ReadOnlySpan<float> x, Span<float> into)
    {
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float weights = ref MemoryMarshal.GetArrayDataReference(values);
        ref int at = ref MemoryMarshal.GetArrayDataReference(positions);
        for (int o = 0; o < Outputs; o++)
        {
            int k = rowStart[o], end = rowStart[o + 1];
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (; k + 4 <= end; k += 4)
            {
                a0 += Unsafe.Add(ref weights, k) * Unsafe.Add(ref source, Unsafe.Add(ref at, k));
                a1 += Unsafe.Add(ref weights, k + 1) * Unsafe.Add(ref source, Unsafe.Add(ref at, k + 1));
                a2 += Unsafe.Add(ref weights, k + 2) * Unsafe.Add(ref source, Unsafe.Add(ref at, k + 2));
                a3 += Unsafe.Add(ref weights, k + 3) * Unsafe.Add(ref source, Unsafe.Add(ref at, k + 3));
            }
            for (; k < end; k++) a0 += Unsafe.Add(ref weights, k) * Unsafe.Add(ref source, Unsafe.Add(ref at, k));
            into[o] += (a0 + a1) + (a2 + a3);
        }
    }
}
