using System.CommandLine;
using System.Text.Json.Nodes;
using Parsimony.Cli.Console;
using Parsimony.Experiments;
using Parsimony.Runs;
using Parsimony.Training;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony bench &lt;name&gt;-step</c>: the wall time of one training step as the trainer runs it, for every
/// registry entry with a <see cref="StepBenchmark"/> — for machines without the .NET SDK (the packed GPU build); the CPU
/// comparison with a plain TorchSharp loop is the BenchmarkDotNet suite in <c>bench/</c>.
/// </summary>
static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var bench = new Command("bench", "Time training steps (for GPU machines, where the BenchmarkDotNet suite in bench/ cannot run).");
        foreach (var entry in context.Registry.Entries)
            if (entry.Benchmark is { } benchmark) bench.Subcommands.Add(Step(entry, benchmark, context));
        return bench;
    }

    static Command Step(ExperimentEntry entry, StepBenchmark benchmark, CliContext context)
    {
        var command = new Command(benchmark.Name, benchmark.Description);
        var config = new ConfigOptions(command, entry.ConfigType, entry.Defaults, benchmark.Excluded);
        var timing = new ConfigOptions(command, typeof(StepBenchmarkConfig), new StepBenchmarkConfig());
        var common = CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(context, () =>
        {
            var ui = common.Ui(context, parse);
            var c = benchmark.Prepare((RunConfig)config.Resolve(parse, null, out _));
            c.Validate();
            var options = (StepBenchmarkConfig)timing.Resolve(parse, null, out _);
            options.Validate();
            var compute = c is TrainConfig t ? ComputeContext.For(t.Device, t.Tf32) : ComputeContext.Cpu;
            using var job = entry.Create(c, compute) as ITrainingJob
                ?? throw new ParsimonyException($"{entry.Command} does not train, so it has no step to time.");
            compute.Apply();
            job.BeginEpoch(benchmark.Epoch);
            int every = options.CheckEvery ?? TrainingStep.DefaultCheckEvery(job, new TrainerOptions().LogEvery);
            double ms = StepTiming.MeanMilliseconds(job, options.Warmup, options.Iterations, every);
            var shape = benchmark.Describe(c);
            double tflops = shape.FlopsPerStep / (ms / 1e3) / 1e12;
            ui.Line($"{shape.Label}: {ms:F1} ms/step, {tflops:F2} TFLOP/s (device {compute.Device}, {shape.Details}, loss read every {every} steps, " +
                    $"{options.Iterations} steps after {options.Warmup} warm-up)");
            var result = new JsonObject { ["ms_per_step"] = Math.Round(ms, 3), ["tflops"] = Math.Round(tflops, 3), ["device"] = compute.Device.ToString() };
            foreach (var (k, v) in shape.Shape) result[k] = v?.DeepClone();
            result["check_every"] = every;
            result["iterations"] = options.Iterations;
            result["warmup"] = options.Warmup;
            ui.Result(benchmark.Name, result);
            return 0;
        }));
        return command;
    }
}
