using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Parsimony;

/// <summary>
/// An explicit reference to one weight matrix of a model, with its name in the model's state (the key in checkpoints
/// and <c>model.safetensors</c>). Models list the weights that pruning and regularizers act on as these references, so
/// nothing has to find weights by searching their names.
/// </summary>
/// <param name="Name">The weight's name in its model's state dict (e.g. <c>rnn.rnn.weight_hh_l0</c>).</param>
/// <param name="Weight">The parameter.</param>
/// <param name="Gates">Gate blocks stacked along dim 0 of a recurrent matrix (1 Elman, 3 GRU, 4 LSTM).</param>
public sealed record NamedWeight(string Name, Parameter Weight, int Gates = 1)
{
    /// <summary>
    /// The parameter of <paramref name="model"/> with the exact state name <paramref name="name"/> (a model names its own
    /// weights this way, from the submodules it declares); throws when there is none.
    /// </summary>
    public static NamedWeight In(nn.Module model, string name, int gates = 1)
    {
        foreach (var (n, p) in model.named_parameters())
            if (n == name) return new NamedWeight(name, p, gates);
        throw new InvalidOperationException($"{model.GetName()} has no parameter '{name}'.");
    }
}
