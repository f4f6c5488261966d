using static TorchSharp.torch;

namespace Parsimony.Models.Language;

/// <summary>A language model run window by window, its recurrent state carried from one window to the next.</summary>
public interface ICarryingLanguageModel
{
    /// <summary>
    /// Logits [T, B, V] for tokens [T, B] from <paramref name="state"/> (null: the zero state), and the state after the
    /// last step (not detached): GRU [h], LSTM [h, c], EGRU every layer's y.
    /// </summary>
    (Tensor Logits, Tensor[] State) Run(Tensor tokens, Tensor[]? state);
}
