using static TorchSharp.torch;

namespace Parsimony.Tasks.Adding;

/// <summary>A fixed set of adding-problem samples.</summary>
/// <param name="Inputs">[samples, length, 2]: feature 0 is a value in U[0,1), feature 1 marks the two summed steps.</param>
/// <param name="Targets">[samples]: the sum of the two marked values.</param>
public sealed record AddingData(Tensor Inputs, Tensor Targets)
{
    /// <summary>Number of samples.</summary>
    public long Count => Targets.shape[0];
}

/// <summary>
/// The adding problem (Hochreiter &amp; Schmidhuber 1997; Le et al. 2015) as in the moduli paper's code: sequences of
/// <c>length</c> steps with two features, a value ~ U[0,1) and an indicator that marks exactly two distinct steps;
/// the target is the sum of the two marked values.
/// </summary>
public static class AddingProblem
{
    /// <summary>MSE of always predicting the mean target 1: Var(U1 + U2) = 2/12.</summary>
    public const double ConstantBaselineMse = 1.0 / 6.0;

    /// <summary>Draws <paramref name="samples"/> sequences of <paramref name="length"/> steps from <paramref name="generator"/> (CPU).</summary>
    public static AddingData Generate(int samples, int length, Generator generator)
    {
        if (length < 2) throw new ParsimonyException($"The adding problem needs sequences of at least 2 steps (got {length}).");
        using var scope = NewDisposeScope();
        var values = rand(samples, length, generator: generator);
        var marked = rand(samples, length, generator: generator).argsort(1).narrow(1, 0, 2);
        var marks = zeros(samples, length).scatter_(1, marked, ones(samples, 2));
        var targets = (values * marks).sum(1);
        return new AddingData(stack([values, marks], -1).MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }
}
