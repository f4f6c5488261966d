using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Experiments;

/// <summary>What a timed training step does, for the benchmark's output line.</summary>
/// <param name="Label">The start of the output line (e.g. in the format of a reference script).</param>
/// <param name="FlopsPerStep">Floating-point operations of one step (forward and backward), for TFLOP/s; 0 when unknown.</param>
/// <param name="Details">What else the line should say (sparsity, …).</param>
/// <param name="Shape">The sizes, for the JSON result.</param>
public sealed record StepShape(string Label, double FlopsPerStep, string Details, JsonObject Shape);

/// <summary>
/// How <c>parsimony bench &lt;name&gt;-step</c> times an experiment's training step: the config adjusted for timing (a
/// short plan), the epoch whose start sets the state to time (e.g. pruned to the target), and what the step computes.
/// </summary>
/// <param name="Name">The benchmark's command word, e.g. <c>navigation-step</c>.</param>
/// <param name="Description">One paragraph for the help text.</param>
/// <param name="Prepare">The config as timed.</param>
/// <param name="Epoch">The epoch begun before timing.</param>
/// <param name="Describe">The step's shape for a config.</param>
/// <param name="Excluded">Options of the experiment that timing one step does not use (epochs, evaluation…): left out of the command.</param>
public sealed record StepBenchmark(string Name, string Description, Func<RunConfig, RunConfig> Prepare, int Epoch, Func<RunConfig, StepShape> Describe,
                                   IReadOnlyCollection<string> Excluded);

/// <summary>Options of a step benchmark besides the experiment's own.</summary>
public sealed record StepBenchmarkConfig
{
    /// <summary>Timed steps.</summary>
    [System.ComponentModel.Description("Timed steps.")]
    public int Iterations { get; init; } = 50;

    /// <summary>Untimed steps first.</summary>
    [System.ComponentModel.Description("Untimed steps first.")]
    public int Warmup { get; init; } = 5;

    /// <summary>Steps between host reads of the loss.</summary>
    [System.ComponentModel.Description("Read the loss on the host every this many steps (default: the trainer's — every step on the CPU, every 50 on CUDA).")]
    public int? CheckEvery { get; init; }

    /// <summary>Throws an <see cref="OptionException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        Rules.AtLeast(Iterations, 1, nameof(Iterations));
        Rules.AtLeast(Warmup, 0, nameof(Warmup));
        if (CheckEvery is { } every) Rules.AtLeast(every, 1, nameof(CheckEvery));
    }
}
