using System.Text.Json.Nodes;
using Parsimony.Runs;
using static TorchSharp.torch;

namespace Parsimony.Training;

/// <summary>
/// One experiment as the <see cref="Trainer"/> sees it: a model, its optimizer and generators, a loss per step, and
/// hooks at epoch boundaries and around the optimizer step (where pruning masks act). Metric names follow the
/// convention <c>snake_case</c> with the unit in the name (<c>err_cm</c>, <c>mse</c>).
/// </summary>
public interface ITrainable : IDisposable
{
    /// <summary>Short name used in messages and the report title.</summary>
    string Name { get; }
    /// <summary>Number of epochs.</summary>
    int Epochs { get; }
    /// <summary>Optimizer steps per epoch.</summary>
    int StepsPerEpoch { get; }
    /// <summary>Total gradient-norm clip, or null for none.</summary>
    double? ClipNorm { get; }
    /// <summary>What a checkpoint must hold.</summary>
    TrainingState State { get; }

    /// <summary>Called before the first step of every epoch (e.g. to prune to the epoch's sparsity).</summary>
    void BeginEpoch(int epoch);
    /// <summary>Computes the training loss of one batch; the scalar must carry gradients. Also returns metrics to log.</summary>
    (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step);
    /// <summary>After backward, before clipping: zero gradients of pruned weights here.</summary>
    void AfterBackward();
    /// <summary>After the optimizer step: re-apply masks here.</summary>
    void AfterStep();
    /// <summary>
    /// Whether to end the epoch after step <paramref name="stepInEpoch"/> (0-based) whose loss was <paramref name="loss"/>
    /// (an early-stopping rule); by default never.
    /// </summary>
    bool EndsEpochEarly(int stepInEpoch, double loss) => false;
    /// <summary>Whether <see cref="EndsEpochEarly"/> needs every step's loss (the trainer then reads it every step on a GPU too).</summary>
    bool NeedsEveryLoss => false;
    /// <summary>Called after the last step of an epoch; returns evaluation metrics for that epoch.</summary>
    IReadOnlyDictionary<string, double> EndEpoch(int epoch);
    /// <summary>Experiment state a checkpoint must carry beyond tensors (learning-rate schedule, best loss…).</summary>
    JsonObject SaveExtra();
    /// <summary>Restores what <see cref="SaveExtra"/> wrote.</summary>
    void LoadExtra(JsonObject extra);
    /// <summary>Final metrics of the finished run.</summary>
    IReadOnlyDictionary<string, double> Summarize();
    /// <summary>Weights exported to <c>model.safetensors</c> (by default the module's state).</summary>
    IReadOnlyDictionary<string, Tensor> ExportWeights() => State.Model.state_dict();
    /// <summary>Writes task figures (PNG) into <paramref name="figuresDir"/>.</summary>
    void WriteFigures(string figuresDir);
}

/// <summary>Receives training progress (a progress bar, a log, or nothing).</summary>
public interface ITrainingObserver
{
    /// <summary>Training starts (or resumes at <paramref name="firstStep"/>).</summary>
    void Started(string name, long totalSteps, long firstStep);
    /// <summary>A step was logged.</summary>
    void Step(long step, IReadOnlyDictionary<string, double> metrics);
    /// <summary>An epoch ended.</summary>
    void Epoch(int epoch, int epochs, IReadOnlyDictionary<string, double> metrics);
    /// <summary>Training finished.</summary>
    void Finished();
}

/// <summary>An observer that ignores everything.</summary>
public sealed class SilentObserver : ITrainingObserver
{
    /// <inheritdoc/>
    public void Started(string name, long totalSteps, long firstStep) { }
    /// <inheritdoc/>
    public void Step(long step, IReadOnlyDictionary<string, double> metrics) { }
    /// <inheritdoc/>
    public void Epoch(int epoch, int epochs, IReadOnlyDictionary<string, double> metrics) { }
    /// <inheritdoc/>
    public void Finished() { }
}
