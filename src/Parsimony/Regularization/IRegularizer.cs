using static TorchSharp.torch;

namespace Parsimony.Regularization;

/// <summary>
/// A penalty added to a task's loss (moduli regularization now; L1 and seRNN's communicability next). Implementations
/// act on explicit weight references (<see cref="NamedWeight"/>), never on names found in a model.
/// </summary>
public interface IRegularizer : IDisposable
{
    /// <summary>The penalty: a scalar with gradients for the weights (and any parameters of the regularizer itself).</summary>
    Tensor Penalty();

    /// <summary>After each optimizer step: keep the regularizer's own learned parameters valid (e.g. points on a sphere).</summary>
    void AfterStep();

    /// <summary>Draws the regularizer's random parts afresh from <paramref name="seed"/> (a lottery-ticket retrain).</summary>
    void Reinitialize(ulong seed);
}
