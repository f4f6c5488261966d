namespace Parsimony.Models.Egru;

/// <summary>
/// Multiply-accumulates an EGRU layer's kernel performed (spec §A.5's accounting), against what a dense GRU of the same
/// size performs on the same sequence: forward 3N·(I + N) per sample and step, backward twice that (input and weight
/// gradients of both matrices). The kernel adds to it on every forward and backward call.
/// </summary>
public sealed class EgruMacs
{
    long forwardInput, forwardRecurrent, backwardInput, backwardRecurrent, denseForward, denseBackward;

    /// <summary>Forward input MACs: 3N·nnz(x_t) per sample and step (layers above the first see the sparse y below).</summary>
    public long ForwardInput => Interlocked.Read(ref forwardInput);

    /// <summary>Forward recurrent MACs: 3N·nnz(y_{t−1}) per sample and step.</summary>
    public long ForwardRecurrent => Interlocked.Read(ref forwardRecurrent);

    /// <summary>Backward input-side MACs: dx = dp·W (3N·I, when the input needs a gradient) and dW += xᵀdp (3N·nnz(x_t)).</summary>
    public long BackwardInput => Interlocked.Read(ref backwardInput);

    /// <summary>Backward recurrent MACs: dR += yᵀdq (3N·nnz(y_{t−1})) and dy_{t−1} = dq·R over the backward-active set (3N each).</summary>
    public long BackwardRecurrent => Interlocked.Read(ref backwardRecurrent);

    /// <summary>All forward MACs.</summary>
    public long Forward => ForwardInput + ForwardRecurrent;

    /// <summary>All backward MACs.</summary>
    public long Backward => BackwardInput + BackwardRecurrent;

    /// <summary>Forward MACs of a dense GRU of the same size on the same sequences.</summary>
    public long DenseForward => Interlocked.Read(ref denseForward);

    /// <summary>Backward MACs of a dense GRU of the same size on the same sequences.</summary>
    public long DenseBackward => Interlocked.Read(ref denseBackward);

    /// <summary>Dense-GRU MACs over performed MACs, forward (∞ when none were performed).</summary>
    public double ForwardReduction => (double)DenseForward / Forward;

    /// <summary>Dense-GRU MACs over performed MACs, backward.</summary>
    public double BackwardReduction => (double)DenseBackward / Backward;

    internal void AddForward(long input, long recurrent)
    {
        Interlocked.Add(ref forwardInput, input);
        Interlocked.Add(ref forwardRecurrent, recurrent);
    }

    internal void AddBackward(long input, long recurrent)
    {
        Interlocked.Add(ref backwardInput, input);
        Interlocked.Add(ref backwardRecurrent, recurrent);
    }

    internal void AddDense(long forward, long backward)
    {
        Interlocked.Add(ref denseForward, forward);
        Interlocked.Add(ref denseBackward, backward);
    }

    /// <summary>Zeroes every count.</summary>
    public void Reset()
    {
        forwardInput = forwardRecurrent = backwardInput = backwardRecurrent = denseForward = denseBackward = 0;
    }
}
