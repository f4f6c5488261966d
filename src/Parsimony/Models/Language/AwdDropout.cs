using static TorchSharp.torch;

namespace Parsimony.Models.Language;

/// <summary>
/// The dropouts of the AWD-LSTM pipeline (Merity et al. 2018; spec egru_eventprop.md §A.6.3) that act outside the
/// recurrent cells, for training only: every mask is drawn on the CPU from <paramref name="Masks"/> (a job's named
/// stream; null: libtorch's global generator), once per window, kept entries scaled by 1/(1 − p).
/// </summary>
/// <param name="Word">Word dropout (dropoute): whole rows of the embedding matrix, i.e. every occurrence of a word in the window.</param>
/// <param name="Embedding">Variational dropout on the embedded input (dropouti): one mask per stream and feature, shared over time.</param>
/// <param name="Between">Variational dropout on each layer's output that feeds the next layer (dropouth), shared over time.</param>
/// <param name="Masks">The generator of the masks.</param>
public sealed record AwdDropout(double Word = 0, double Embedding = 0, double Between = 0, Generator? Masks = null)
{
    /// <summary>Whether word or embedding dropout is on (else a model embeds as without dropout).</summary>
    public bool OnInput => Word > 0 || Embedding > 0;

    /// <summary>The embedded tokens [T, B] → [T, B, E] under word and embedding dropout (when a probability is 0, nothing is drawn).</summary>
    public Tensor Embed(Tensor weight, Tensor tokens)
    {
        var rows = Word > 0 ? DropRows(weight, Word, Masks) : weight;
        var embedded = rows.index_select(0, tokens.flatten()).view([.. tokens.shape, weight.shape[1]]);
        return Embedding > 0 ? Locked(embedded, Embedding, Masks) : embedded;
    }

    /// <summary><paramref name="weight"/> [V, E] with each row kept with probability 1 − p and scaled by 1/(1 − p), else zeroed.</summary>
    public static Tensor DropRows(Tensor weight, double p, Generator? masks)
    {
        using var mask = ScaledMask([weight.shape[0], 1], p, masks, weight);
        return weight * mask;
    }

    /// <summary><paramref name="x"/> [T, B, F] times one mask [1, B, F] of Bernoulli(1 − p)/(1 − p), the same at every step.</summary>
    public static Tensor Locked(Tensor x, double p, Generator? masks)
    {
        using var mask = ScaledMask([1, x.shape[1], x.shape[2]], p, masks, x);
        return x * mask;
    }

    /// <summary>Bernoulli(1 − p)/(1 − p) of <paramref name="shape"/>, drawn on the CPU from <paramref name="masks"/>, in the dtype and on the device of <paramref name="like"/>.</summary>
    static Tensor ScaledMask(long[] shape, double p, Generator? masks, Tensor like) =>
        empty(shape, like.dtype).bernoulli_(1 - p, masks).div_(1 - p).to(like.device);
}
