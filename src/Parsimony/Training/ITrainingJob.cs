using System.Text.Json.Nodes;
using Parsimony.Runs;
using static TorchSharp.torch;

namespace Parsimony.Training;

/// <summary>
/// A job trained by optimizer steps, as the <see cref="Trainer"/> sees it: a model with its optimizer and random
/// streams, a number of epochs and steps, hooks at epoch boundaries and around the optimizer step (where pruning masks
/// act), and an evaluation per epoch. Its gradients come from autograd (<see cref="IAutogradJob"/>) or from the job
/// itself (<see cref="IGradientJob"/>); everything else — optimizer, clipping, NaN guard, checkpoints, resume — is the
/// trainer's, the same for both. Metric names are snake_case with the unit in the name (<c>err_cm</c>, <c>mse</c>).
/// </summary>
public interface ITrainingJob : IJob
{
    /// <summary>Number of epochs.</summary>
    int Epochs { get; }
    /// <summary>Optimizer steps per epoch.</summary>
    int StepsPerEpoch { get; }
    /// <summary>Total gradient-norm clip, or null for none.</summary>
    double? ClipNorm { get; }
    /// <summary>What a checkpoint must hold.</summary>
    TrainingState State { get; }

    /// <summary>Called before the first step of every epoch (e.g. to prune to the epoch's sparsity).</summary>
    void BeginEpoch(int epoch) { }
    /// <summary>After the gradients exist, before clipping: zero gradients of pruned weights here.</summary>
    void AfterBackward() { }
    /// <summary>After the optimizer step: re-apply masks here.</summary>
    void AfterStep() { }
    /// <summary>
    /// Whether to end the epoch after step <paramref name="stepInEpoch"/> (0-based) whose loss was <paramref name="loss"/>
    /// (an early-stopping rule); by default never.
    /// </summary>
    bool EndsEpochEarly(int stepInEpoch, double loss) => false;
    /// <summary>Whether <see cref="EndsEpochEarly"/> needs every step's loss (the trainer then reads it every step on a GPU too).</summary>
    bool NeedsEveryLoss => false;
    /// <summary>Called after the last step of an epoch; returns evaluation metrics for that epoch.</summary>
    IReadOnlyDictionary<string, double> EndEpoch(int epoch);
    /// <summary>Job state a checkpoint must carry beyond tensors (learning-rate schedule, best loss…).</summary>
    JsonObject SaveExtra() => [];
    /// <summary>Restores what <see cref="SaveExtra"/> wrote.</summary>
    void LoadExtra(JsonObject extra) { }
    /// <summary>Weights exported to <c>model.safetensors</c> (by default the module's state).</summary>
    IReadOnlyDictionary<string, Tensor> ExportWeights() => State.Model.state_dict();
}

/// <summary>A training job whose gradients come from autograd: it returns a loss, the trainer calls backward.</summary>
public interface IAutogradJob : ITrainingJob
{
    /// <summary>The training loss of step <paramref name="step"/> (a scalar that carries gradients) and metrics to log.</summary>
    (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step);
}

/// <summary>
/// A training job that computes its own gradients (an adjoint, a closed form): it fills <c>grad</c> of the model's
/// parameters and returns the loss; the trainer then applies masks, clipping and the optimizer exactly as for autograd.
/// </summary>
public interface IGradientJob : ITrainingJob
{
    /// <summary>Sets the gradient of every trained parameter for step <paramref name="step"/>; returns the loss and metrics to log.</summary>
    (double Loss, IReadOnlyDictionary<string, double> Metrics) Gradients(long step);
}
