using System.CommandLine;
using System.Text.Json.Nodes;
using Parsimony.Cli.Console;
using Parsimony.Experiments.Navigation;
using Parsimony.Training;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony bench navigation-step</c>: the wall time of one navigation training step as the trainer runs it, for
/// machines without the .NET SDK (the packed GPU build); the CPU comparison with a plain TorchSharp loop is the
/// BenchmarkDotNet suite in <c>bench/</c>.
/// </summary>
static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Time training steps (for GPU machines, where the BenchmarkDotNet suite in bench/ cannot run).");
        bench.Subcommands.Add(NavigationStep());
        return bench;
    }

    static Command NavigationStep()
    {
        var command = new Command("navigation-step",
            "Mean wall time of one navigation training step (trajectory batch, place codes, forward, loss + moduli penalty, backward, " +
            "gradient masks, AdamW, re-masking) at --target-sparsity, after warm-up, the device drained before and after. " +
            "Prints a line in the format of ../shared/bench/nav_step_pytorch.py. The defaults are the paper's scale: Ng = 4096, B = 200, T = 50.");
        var config = new ConfigOptions<NavigationConfig>(command);
        var iterations = new Option<int>("--iterations") { Description = "Timed steps.", DefaultValueFactory = _ => 50 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first.", DefaultValueFactory = _ => 5 };
        var checkEvery = new Option<int?>("--check-every") { Description = "Read the loss on the host every this many steps (default: the trainer's — every step on the CPU, every 50 on CUDA)." };
        command.Options.Add(iterations);
        command.Options.Add(warmup);
        command.Options.Add(checkEvery);
        CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var ui = new Ui(parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Json));
            var c = config.Resolve(parse, null, out _) with { Epochs = 2, StabilizerEpochs = 0, ExtendTo = 0, Lottery = false, ValidationBatches = 1 };
            c.Validate();
            int n = parse.GetValue(iterations), w = parse.GetValue(warmup);
            if (n < 1 || w < 0) throw new ParsimonyException($"--iterations must be ≥ 1 and --warmup ≥ 0 (got {n}, {w}).");
            if (parse.GetValue(checkEvery) is < 1) throw new ParsimonyException("--check-every must be ≥ 1.");
            var device = Devices.Resolve(c.Device);
            Devices.SetTf32(c.Tf32);
            using var experiment = new NavigationExperiment(c, device);
            experiment.BeginEpoch(1);                                   // prunes to the target sparsity
            int every = parse.GetValue(checkEvery) ?? TrainingStep.DefaultCheckEvery(experiment, new TrainerOptions().LogEvery);
            double ms = StepTiming.MeanMilliseconds(experiment, w, n, every);
            long T = c.SequenceLength, B = c.BatchSize, ng = c.Hidden, np = c.PlaceCells;
            double tflops = 3.0 * 2 * (T * B * ng * ng + T * B * ng * np + B * np * ng) / (ms / 1e3) / 1e12;
            ui.Line($"parsimony nav step Ng={ng} B={B} T={T} tf32={(c.Tf32 ? "True" : "False")}: {ms:F1} ms/step, {tflops:F2} TFLOP/s " +
                    $"(device {device}, sparsity {c.TargetSparsity:P0}, loss read every {every} steps, {n} steps after {w} warm-up)");
            ui.Result("navigation step", new JsonObject
            {
                ["ms_per_step"] = Math.Round(ms, 3), ["tflops"] = Math.Round(tflops, 3), ["device"] = device.ToString(),
                ["hidden"] = ng, ["place_cells"] = np, ["batch_size"] = B, ["sequence_length"] = T, ["tf32"] = c.Tf32,
                ["target_sparsity"] = c.TargetSparsity, ["check_every"] = every, ["iterations"] = n, ["warmup"] = w,
            });
            return 0;
        }));
        return command;
    }
}
