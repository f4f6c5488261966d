using System.Runtime.Intrinsics;
using Tensor = TorchSharp.torch.Tensor;
using ScalarType = TorchSharp.torch.ScalarType;

namespace Parsimony.Models.Streaming;

/// <summary>How <see cref="TransposedWeights"/> stores a row of Wᵀ.</summary>
public enum RowStorage
{
    /// <summary>Every weight: 8-wide fused multiply-adds over the <see cref="TransposedWeights.Outputs"/> floats of a row.</summary>
    Dense,
    /// <summary>The surviving weights of a pruned matrix, each a float value and its output position (6 or 8 bytes).</summary>
    Compressed,
    /// <summary>The blocks of 16 consecutive outputs that hold a surviving weight (a block-pruned matrix): 16 floats and a block index each, one SIMD multiply-add per block.</summary>
    Blocked,
}

/// <summary>
/// A weight matrix W [outputs, inputs] stored by input (the rows of Wᵀ), so that W·x for a sparse x touches only the
/// rows of x's non-zeros — the row gather of event-driven inference. A row is dense (8-wide fused multiply-adds over
/// <see cref="Outputs"/> floats, four rows per pass over the target), compressed (only the surviving weights of a pruned matrix: a float value and its
/// output position, 16-bit when <see cref="Outputs"/> ≤ 65,536, so 6 bytes per weight, else 32-bit, 8 bytes; a scalar
/// fused multiply-add per weight) or blocked (only the 16-output blocks holding a surviving weight: 16 floats and a 32-bit
/// block index, two 8-wide fused multiply-adds per block), see <see cref="For"/>. Not thread-safe: one instance per engine.
/// </summary>
public sealed unsafe class TransposedWeights
{
    /// <summary>Outputs per block of <see cref="RowStorage.Blocked"/>.</summary>
    public const int Block = 16;

    readonly float[]? dense;
    readonly int[]? rowStart;          // compressed: first weight of each row; blocked: first block of each row
    readonly float[]? values;          // compressed: surviving weights; blocked: 16 floats per block (the last block zero-padded)
    readonly ushort[]? shortPositions;
    readonly int[]? positions;         // compressed with 32-bit positions, or blocked: the block index
    readonly int[] nonZero;

    /// <summary>Columns of W (rows of Wᵀ): the length of the vector it multiplies.</summary>
    public int Inputs { get; }

    /// <summary>Rows of W: the length of the vector it accumulates into.</summary>
    public int Outputs { get; }

    /// <summary>How the rows are stored.</summary>
    public RowStorage Storage { get; }

    /// <summary>Whether only the non-zero weights (or blocks) are stored.</summary>
    public bool Compressed => Storage != RowStorage.Dense;

    /// <summary>Weights stored (all of them when dense; 16 per block when blocked).</summary>
    public long Stored => dense?.LongLength ?? values!.LongLength;

    /// <summary>Bytes read per stored weight: 4 dense, 6 or 8 compressed (value and position), 4.25 blocked (value, and the block index over 16).</summary>
    public double BytesPerWeight => Storage switch
    {
        RowStorage.Dense => 4,
        RowStorage.Compressed => shortPositions is not null ? 6 : 8,
        _ => 4 + 4.0 / Block,
    };

    /// <summary>Copies <paramref name="weight"/> [outputs, inputs] (any dtype, on the CPU) in <paramref name="storage"/>.</summary>
    public TransposedWeights(Tensor weight, RowStorage storage)
    {
        if (weight.dim() != 2) throw new ArgumentException($"A weight matrix has two dimensions (got {weight.dim()}).", nameof(weight));
        Outputs = (int)weight.shape[0];
        Inputs = (int)weight.shape[1];
        Storage = storage;
        nonZero = new int[Inputs];
        var t = weight.detach().t().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();   // [inputs, outputs]
        rowStart = storage == RowStorage.Dense ? null : new int[Inputs + 1];
        switch (storage)
        {
            case RowStorage.Dense:
                dense = t;
                break;
            case RowStorage.Compressed:
            {
                int count = t.Count(v => v != 0);
                values = new float[count];
                if (Outputs <= ushort.MaxValue + 1) shortPositions = new ushort[count]; else positions = new int[count];
                int k = 0;
                for (int i = 0; i < Inputs; i++)
                {
                    for (int o = 0; o < Outputs; o++)
                    {
                        float v = t[i * Outputs + o];
                        if (v == 0) continue;
                        values[k] = v;
                        if (shortPositions is not null) shortPositions[k] = (ushort)o; else positions![k] = o;
                        k++;
                    }
                    rowStart![i + 1] = k;
                }
                break;
            }
            default:
            {
                var blocks = new List<int>();
                for (int i = 0; i < Inputs; i++)
                {
                    for (int b = 0; b * Block < Outputs; b++)
                        if (t.AsSpan(i * Outputs + b * Block, Math.Min(Block, Outputs - b * Block)).ContainsAnyExcept(0f)) blocks.Add(b);
                    rowStart![i + 1] = blocks.Count;
                }
                positions = [.. blocks];
                values = new float[Block * blocks.Count];
                for (int i = 0, k = 0; i < Inputs; i++)
                    for (; k < rowStart![i + 1]; k++)
                    {
                        int first = positions[k] * Block;
                        t.AsSpan(i * Outputs + first, Math.Min(Block, Outputs - first)).CopyTo(values.AsSpan(k * Block));
                    }
                break;
            }
        }
    }

    /// <summary>
    /// <paramref name="weight"/> dense unless <paramref name="compressPruned"/>; then blocked when its surviving weights
    /// fill the 16-output blocks that hold them at least half (a block-pruned matrix) and those blocks are fewer than
    /// two thirds of the matrix, else compressed when fewer than two thirds of its weights survive (below that the 6
    /// bytes per stored weight read less than the dense rows' 4 per weight), else dense.
    /// </summary>
    public static TransposedWeights For(Tensor weight, bool compressPruned)
    {
        if (!compressPruned) return new TransposedWeights(weight, RowStorage.Dense);
        if (weight.dim() != 2) throw new ArgumentException($"A weight matrix has two dimensions (got {weight.dim()}).", nameof(weight));
        double total = weight.numel();
        long surviving = weight.count_nonzero().item<long>();
        long outputs = weight.shape[0], pad = (Block - outputs % Block) % Block;
        var live = TorchSharp.torch.cat([weight.detach().ne(0), TorchSharp.torch.zeros([pad, weight.shape[1]], ScalarType.Bool)])
                                   .view(-1, Block, weight.shape[1]).any(1);
        double blockWeights = (double)Block * live.count_nonzero().item<long>();
        if (blockWeights <= 2.0 * surviving && blockWeights < 2.0 / 3 * total) return new TransposedWeights(weight, RowStorage.Blocked);
        return new TransposedWeights(weight, surviving < 2.0 / 3 * total ? RowStorage.Compressed : RowStorage.Dense);
    }

    /// <summary>Weights stored in row <paramref name="input"/> (the multiply-accumulates of that row).</summary>
    public int RowLength(int input) => Storage switch
    {
        RowStorage.Dense => Outputs,
        RowStorage.Compressed => rowStart![input + 1] - rowStart[input],
        _ => Block * (rowStart![input + 1] - rowStart[input]),
    };

    /// <summary>
    /// into += W·<paramref name="x"/> by the row gather: only the rows of x's non-zeros (every row when
    /// <paramref name="allRows"/>: the dense kernel, same results); returns the multiply-accumulates done.
    /// </summary>
    public long MultiplyAdd(ReadOnlySpan<float> x, Span<float> into, bool allRows = false)
    {
        if (x.Length != Inputs) throw new ArgumentException($"The input has {x.Length} entries, not {Inputs}.", nameof(x));
        int count = 0;
        for (int i = 0; i < x.Length; i++)
        {
            nonZero[count] = i;
            count += allRows || x[i] != 0 ? 1 : 0;     // no branch on the data: a silent unit costs no misprediction
        }
        CheckTarget(into);
        return Rows(nonZero.AsSpan(0, count), x, into);
    }

    /// <summary>into += Σ_{r ∈ <paramref name="rows"/>} x[r]·Wᵀ[r] (the rows of the given inputs only, e.g. the units that emitted an event); returns the multiply-accumulates done.</summary>
    public long MultiplyAddRows(ReadOnlySpan<int> rows, ReadOnlySpan<float> x, Span<float> into)
    {
        if (x.Length != Inputs) throw new ArgumentException($"The input has {x.Length} entries, not {Inputs}.", nameof(x));
        CheckTarget(into);
        foreach (int r in rows)
            if ((uint)r >= (uint)Inputs) throw new ArgumentOutOfRangeException(nameof(rows), r, $"A row of Wᵀ is in [0, {Inputs}).");
        return Rows(rows, x, into);
    }

    void CheckTarget(Span<float> into)
    {
        if (into.Length < Outputs) throw new ArgumentException($"The target has {into.Length} entries, fewer than {Outputs}.", nameof(into));
    }

    /// <summary>The row products of <see cref="MultiplyAddRows"/>, its arguments checked.</summary>
    long Rows(ReadOnlySpan<int> rows, ReadOnlySpan<float> x, Span<float> into)
    {
        long macs = 0;
        switch (Storage)
        {
            case RowStorage.Dense:
                fixed (float* target = into, source = x, weights = dense)
                fixed (int* list = rows)
                {
                    int a = 0;
                    for (; a + 4 <= rows.Length; a += 4)
                        DenseRows(target, weights, list + a, source);
                    for (; a < rows.Length; a++)
                        DenseRow(target, weights + (long)list[a] * Outputs, source[list[a]]);
                }
                return (long)rows.Length * Outputs;
            case RowStorage.Compressed:
                fixed (float* target = into, source = x, weights = values)
                fixed (int* list = rows)
                {
                    if (shortPositions is not null)
                        fixed (ushort* at = shortPositions)
                            for (int a = 0; a < rows.Length; a++) macs += ScatterShort(target, source[list[a]], weights, at, rowStart![list[a]], rowStart[list[a] + 1]);
                    else
                        fixed (int* at = positions)
                            for (int a = 0; a < rows.Length; a++) macs += Scatter(target, source[list[a]], weights, at, rowStart![list[a]], rowStart[list[a] + 1]);
                }
                return macs;
            default:
                fixed (float* target = into, source = x, weights = values)
                fixed (int* list = rows, at = positions)
                    for (int a = 0; a < rows.Length; a++) macs += Blocks(target, source[list[a]], weights, at, rowStart![list[a]], rowStart[list[a] + 1]);
                return macs;
        }
    }

    /// <summary>target += x[r]·Wᵀ[r] for the four rows r of <paramref name="rows"/>, one pass over the target (fused, in row order: the same values as one row at a time).</summary>
    void DenseRows(float* target, float* weights, int* rows, float* x)
    {
        float* w0 = weights + (long)rows[0] * Outputs, w1 = weights + (long)rows[1] * Outputs,
               w2 = weights + (long)rows[2] * Outputs, w3 = weights + (long)rows[3] * Outputs;
        float v0 = x[rows[0]], v1 = x[rows[1]], v2 = x[rows[2]], v3 = x[rows[3]];
        Vector256<float> s0 = Vector256.Create(v0), s1 = Vector256.Create(v1), s2 = Vector256.Create(v2), s3 = Vector256.Create(v3);
        int o = 0;
        for (; o + 8 <= Outputs; o += 8)
        {
            var t = Vector256.Load(target + o);
            t = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + o), s0, t);
            t = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + o), s1, t);
            t = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + o), s2, t);
            t = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + o), s3, t);
            Vector256.Store(t, target + o);
        }
        for (; o < Outputs; o++)
            target[o] = MathF.FusedMultiplyAdd(v3, w3[o], MathF.FusedMultiplyAdd(v2, w2[o], MathF.FusedMultiplyAdd(v1, w1[o], MathF.FusedMultiplyAdd(v0, w0[o], target[o]))));
    }

    /// <summary>target += v·w over <see cref="Outputs"/> (fused).</summary>
    void DenseRow(float* target, float* w, float v)
    {
        var s = Vector256.Create(v);
        int o = 0;
        for (; o + 8 <= Outputs; o += 8) Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(w + o), s, Vector256.Load(target + o)), target + o);
        for (; o < Outputs; o++) target[o] = MathF.FusedMultiplyAdd(v, w[o], target[o]);
    }

    /// <summary>target[at[k]] += v·w[k] for k in [start, end), 16-bit positions, eight at a time.</summary>
    static int ScatterShort(float* target, float v, float* w, ushort* at, int start, int end)
    {
        int k = start;
        for (; k + 8 <= end; k += 8)
        {
            target[at[k]] = MathF.FusedMultiplyAdd(v, w[k], target[at[k]]);
            target[at[k + 1]] = MathF.FusedMultiplyAdd(v, w[k + 1], target[at[k + 1]]);
            target[at[k + 2]] = MathF.FusedMultiplyAdd(v, w[k + 2], target[at[k + 2]]);
            target[at[k + 3]] = MathF.FusedMultiplyAdd(v, w[k + 3], target[at[k + 3]]);
            target[at[k + 4]] = MathF.FusedMultiplyAdd(v, w[k + 4], target[at[k + 4]]);
            target[at[k + 5]] = MathF.FusedMultiplyAdd(v, w[k + 5], target[at[k + 5]]);
            target[at[k + 6]] = MathF.FusedMultiplyAdd(v, w[k + 6], target[at[k + 6]]);
            target[at[k + 7]] = MathF.FusedMultiplyAdd(v, w[k + 7], target[at[k + 7]]);
        }
        for (; k < end; k++) target[at[k]] = MathF.FusedMultiplyAdd(v, w[k], target[at[k]]);
        return end - start;
    }

    /// <summary>target[at[k]] += v·w[k] for k in [start, end), 32-bit positions.</summary>
    static int Scatter(float* target, float v, float* w, int* at, int start, int end)
    {
        for (int k = start; k < end; k++) target[at[k]] = MathF.FusedMultiplyAdd(v, w[k], target[at[k]]);
        return end - start;
    }

    /// <summary>The 16 outputs of block at[k] += v·(its 16 weights) for blocks k in [start, end); the last block of a row may stop at <see cref="Outputs"/>.</summary>
    int Blocks(float* target, float v, float* w, int* at, int start, int end)
    {
        var scale = Vector256.Create(v);
        int lastFull = Outputs / Block;   // block index from which a block is partial
        for (int k = start; k < end; k++)
        {
            float* weights = w + k * Block, into = target + at[k] * Block;
            if (at[k] < lastFull)
            {
                Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(weights), scale, Vector256.Load(into)), into);
                Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(weights + 8), scale, Vector256.Load(into + 8)), into + 8);
            }
            else
                for (int o = 0; o < Outputs - at[k] * Block; o++) into[o] = MathF.FusedMultiplyAdd(v, weights[o], into[o]);
        }
        return Block * (end - start);
    }
}
