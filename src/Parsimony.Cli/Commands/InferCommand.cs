using System.CommandLine;
using System.Text.Json.Nodes;
using Parsimony.Experiments.Egru;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony infer RUN</c>: streams test sequences through a trained EGRU with the event-driven batch-1 engine and
/// reports per-step latency, events and MACs against a dense GRU, and the agreement with the TorchSharp model.
/// </summary>
static class InferCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("run-folder") { Description = "A finished 'train egru-seqimage --cell egru' run folder." };
        var image = new Option<int>("--test-image") { Description = "First test image to stream.", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count") { Description = "Test images to stream, one after another.", DefaultValueFactory = _ => 1 };
        var csr = new Option<bool>("--csr") { Description = "Store the recurrent matrices as compressed sparse rows (for pruned weights: work ∝ events × surviving weights)." };
        var images = new Option<string?>("--images") { Description = "IDX image folder (default: the run's)." };
        var command = new Command("infer", "Stream test sequences through a trained EGRU, event by event on the CPU (batch 1): per-step latency, events, MACs against a dense GRU, and the scores' agreement with the trained model.")
        {
            dir, image, count, csr, images,
        };
        var common = CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(context, () =>
        {
            var ui = common.Ui(context, parse);
            int n = parse.GetValue(count);
            if (n < 1) throw new UsageException($"--count must be at least 1 (got {n}).");
            using var inference = new SeqImageInference(parse.GetValue(dir)!, parse.GetValue(csr), parse.GetValue(images));
            int first = parse.GetValue(image);
            if (first < 0 || first + n > inference.Count) throw new UsageException($"--test-image and --count must stay in the {inference.Count} test images (got {first} and {n}).");
            var streamed = Enumerable.Range(first, n).Select(inference.Stream).ToList();
            // The first sequence warms the engine up; latencies are taken from the later ones when there are any.
            var timed = (streamed.Count > 1 ? streamed.Skip(1) : streamed).SelectMany(s => s.StepMicroseconds).Order().ToArray();
            double Percentile(double q) => timed[(int)Math.Min(timed.Length - 1, Math.Floor(q * timed.Length))];
            double steps = streamed.Sum(s => s.Macs.Length);
            var result = new JsonObject
            {
                ["sequences"] = n,
                ["steps_per_sequence"] = streamed[0].Macs.Length,
                ["correct"] = streamed.Count(s => s.Predicted == s.Label),
                ["predicted_first"] = streamed[0].Predicted,
                ["label_first"] = streamed[0].Label,
                ["step_us_median"] = Percentile(0.5),
                ["step_us_p99"] = Percentile(0.99),
                ["events_per_step"] = streamed.Sum(s => s.Events.Sum()) / steps,
                ["macs_per_step"] = streamed.Sum(s => s.Macs.Sum()) / steps,
                ["dense_gru_macs_per_step"] = streamed[0].DenseMacs,
                ["mac_reduction"] = streamed[0].DenseMacs * steps / Math.Max(1, streamed.Sum(s => s.Macs.Sum())),
                ["weight_bytes_per_step"] = streamed.Sum(s => s.WeightBytes) / steps,
                ["max_score_deviation"] = streamed.Max(s => s.ReferenceDeviation),
            };
            ui.Result("infer", result);
            return 0;
        }));
        return command;
    }
}
