using System.Text.Json.Nodes;

namespace Parsimony.Experiments.Moduli.Navigation;

/// <summary>The navigation step as <c>parsimony bench navigation-step</c> times it, in the format of <c>../shared/bench/nav_step_pytorch.py</c>.</summary>
public static class NavigationBenchmark
{
    /// <summary>
    /// Two epochs, no stabilizer, extension or lottery, one validation batch; timed after the start of epoch 1, i.e.
    /// pruned to the target sparsity.
    /// </summary>
    public static StepBenchmark Step { get; } = new("navigation-step",
        "Mean wall time of one navigation training step (trajectory batch, place codes, forward, loss + moduli penalty, backward, " +
        "gradient masks, AdamW, re-masking) at --target-sparsity, after warm-up, the device drained before and after. " +
        "Prints a line in the format of ../shared/bench/nav_step_pytorch.py. The defaults are the paper's scale: Ng = 4096, B = 200, T = 50.",
        c => (NavigationConfig)c with { Epochs = 2, StabilizerEpochs = 0, ExtendTo = 0, Lottery = false, ValidationBatches = 1 },
        1, Describe,
        [nameof(NavigationConfig.Epochs), nameof(NavigationConfig.Steps), nameof(NavigationConfig.StabilizerEpochs), nameof(NavigationConfig.DenseEpochs),
         nameof(NavigationConfig.ExtendTo), nameof(NavigationConfig.Lottery), nameof(NavigationConfig.ValidationBatches), nameof(NavigationConfig.TopK)]);

    static StepShape Describe(Runs.RunConfig config)
    {
        var c = (NavigationConfig)config;
        long t = c.SequenceLength, b = c.BatchSize, ng = c.Hidden, np = c.PlaceCells;
        return new StepShape($"parsimony nav step Ng={ng} B={b} T={t} tf32={(c.Tf32 ? "True" : "False")}",
            3.0 * 2 * (t * b * ng * ng + t * b * ng * np + b * np * ng), $"sparsity {c.TargetSparsity:P0}",
            new JsonObject { ["hidden"] = ng, ["place_cells"] = np, ["batch_size"] = b, ["sequence_length"] = t, ["tf32"] = c.Tf32, ["target_sparsity"] = c.TargetSparsity });
    }
}
