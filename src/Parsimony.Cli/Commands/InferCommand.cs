using System.CommandLine;
using System.Text.Json.Nodes;
using Parsimony.Experiments.Egru;
using Parsimony.Experiments.Moduli;
using Parsimony.Recordings.Formats;
using Parsimony.Runs;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony infer RUN</c>: streams test sequences (or a CSV) through a trained EGRU (event-driven: sequence classifier or
/// language model; the egru-lm GRU/LSTM baselines too) or moduli RNN
/// (non-zero units × surviving weights) with batch 1 and reports per-step latency, events, MACs and weight bytes
/// against the dense model, and the agreement with the TorchSharp model.
/// </summary>
static class InferCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("run-folder") { Description = "A finished run folder: 'train egru-seqimage --cell egru', 'train egru-lm', 'train adding', 'train navigation', 'demo' or 'train lm'." };
        var first = new Option<int>("--test-sequence", "--test-image") { Description = "First test sequence (image; egru-lm: window of --bptt test tokens) to stream.", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count") { Description = "Test sequences to stream, one after another (egru-lm: windows of --bptt tokens, the state carried).", DefaultValueFactory = _ => 1 };
        var csr = new Option<bool>("--csr") { Description = "Store pruned matrices by their surviving weights only (work ∝ events or non-zero units × surviving weights)." };
        var images = new Option<string?>("--images") { Description = "IDX image folder (egru-seqimage runs; default: the run's)." };
        var input = new Option<string?>("--input") { Description = "A CSV file of one input vector per line to stream instead of test sequences (adding, navigation runs; navigation starts at the arena's centre)." };
        var command = new Command("infer", "Stream sequences through a trained network on the CPU with batch 1, work proportional to events (or non-zero units) × surviving weights: " +
                                           "per-step latency, events, MACs and weight bytes against the dense model, and the outputs' agreement with the trained TorchSharp model.")
        {
            dir, first, count, csr, images, input,
        };
        var common = CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(context, () =>
        {
            var ui = common.Ui(context, parse);
            int n = parse.GetValue(count);
            if (n < 1) throw new UsageException($"--count must be at least 1 (got {n}).");
            string folder = parse.GetValue(dir)!;
            var result = RunFolder.Open(folder).Command switch
            {
                "train egru-seqimage" => SeqImage(folder, parse.GetValue(csr), parse.GetValue(images), parse.GetValue(input), parse.GetValue(first), n),
                "train egru-lm" => Lm(folder, parse.GetValue(csr), parse.GetValue(images), parse.GetValue(input), parse.GetValue(first), n),
                _ => Rnn(folder, parse.GetValue(csr), parse.GetValue(input), parse.GetValue(first), n),
            };
            ui.Result("infer", result);
            return 0;
        }));
        return command;
    }

    static JsonObject SeqImage(string folder, bool csr, string? images, string? input, int first, int n)
    {
        if (input is not null) throw new UsageException("--input streams a CSV through adding and navigation runs; an egru-seqimage run streams its test images (--test-image).");
        using var inference = new SeqImageInference(folder, csr, images);
        if (first < 0 || first + n > inference.Count) throw new UsageException($"--test-image and --count must stay in the {inference.Count} test images (got {first} and {n}).");
        var streamed = Enumerable.Range(first, n).Select(inference.Stream).ToList();
        var result = new JsonObject
        {
            ["sequences"] = n,
            ["steps_per_sequence"] = streamed[0].Macs.Length,
            ["correct"] = streamed.Count(s => s.Predicted == s.Label),
            ["predicted_first"] = streamed[0].Predicted,
            ["label_first"] = streamed[0].Label,
        };
        Costs(result, streamed.Select(s => (s.StepMicroseconds, s.Macs, s.DenseMacs, s.WeightBytes)).ToList());
        result["events_per_step"] = streamed.Sum(s => s.Events.Sum()) / (double)streamed.Sum(s => s.Macs.Length);
        result["max_score_deviation"] = streamed.Max(s => s.ReferenceDeviation);
        return result;
    }

    static JsonObject Lm(string folder, bool csr, string? images, string? input, int first, int n)
    {
        if (input is not null || images is not null)
            throw new UsageException("An egru-lm run streams windows of its test split (--test-sequence, --count); --input and --images are for other runs.");
        using var inference = new LmInference(folder, csr);
        var s = inference.Stream(first, n);
        var config = inference.Config;
        var result = new JsonObject
        {
            ["cell"] = config.Cell.ToString().ToLowerInvariant(),
            ["hidden_sizes"] = string.Join(",", config.HiddenSizes()),
            ["windows"] = n,
            ["tokens"] = s.Tokens,
        };
        int warm = n > 1 ? config.Bptt : 0;                                            // the first window warms the engine up when there are more
        Costs(result, warm == 0 ? [(s.StepMicroseconds, s.Macs, s.DenseMacs, s.WeightBytes)]
            : [(s.StepMicroseconds[..warm], s.Macs[..warm], s.DenseMacs, 0), (s.StepMicroseconds[warm..], s.Macs[warm..], s.DenseMacs, s.WeightBytes)]);
        result["recurrent_step_us_median"] = s.RecurrentMicroseconds[warm..].Order().ElementAt((s.RecurrentMicroseconds.Length - warm) / 2);
        result[config.Cell == SequenceCell.Egru ? "events_per_step" : "nonzero_units_per_step"] = s.Active.Average();
        result["decoder_macs_per_step"] = s.DecoderMacs / (double)s.Tokens;
        result["dense_decoder_macs_per_step"] = s.DenseDecoderMacs;
        result["decoder_weight_bytes_per_step"] = s.DecoderWeightBytes / (double)s.Tokens;
        result["max_logit_deviation"] = s.ReferenceDeviation;
        result["test_loss"] = s.Nats;
        if (config.Level == TokenLevel.Char) result["test_bpc"] = s.Nats / Math.Log(2);
        else result["test_ppl"] = Math.Exp(s.Nats);
        return result;
    }

    static JsonObject Rnn(string folder, bool csr, string? input, int first, int n)
    {
        if (input is not null && !File.Exists(input)) throw new UsageException($"--input: no file '{input}'.");
        using var inference = new RnnInference(folder, csr);
        List<StreamedRnnSequence> streamed;
        if (input is not null) streamed = [inference.Stream(ReadCsv(input))];
        else
        {
            if (first < 0 || (long)first + n > inference.Count) throw new UsageException($"--test-sequence and --count must stay in the {inference.Count} test sequences (got {first} and {n}).");
            streamed = [.. Enumerable.Range(first, n).Select(inference.Stream)];
        }
        var result = new JsonObject
        {
            ["command"] = inference.Command,
            ["sequences"] = streamed.Count,
            ["steps_per_sequence"] = streamed[0].Macs.Length,
        };
        Costs(result, streamed.Select(s => (s.StepMicroseconds, s.Macs, s.DenseMacs, s.WeightBytes)).ToList());
        result["nonzero_units_per_step"] = streamed.Sum(s => s.NonZero.Sum()) / (double)streamed.Sum(s => s.NonZero.Length);
        var (stored, dense) = inference.StoredWeights;
        result["recurrent_weights_stored"] = stored;
        result["recurrent_weights_dense"] = dense;
        result["max_output_deviation"] = streamed.Max(s => s.ReferenceDeviation);
        if (input is not null) result["outputs"] = new JsonArray([.. streamed[0].Outputs.TakeLast(inference.Command == "train adding" ? 1 : 1000).Select(v => JsonValue.Create(v))]);
        else if (inference.Command == "train adding") result["test_mse"] = streamed.Average(s => s.Error!.Value);
        else if (inference.Command == "train lm")
        {
            result["test_loss"] = streamed.Average(s => s.Error!.Value);
            result["test_ppl"] = Math.Exp(streamed.Average(s => s.Error!.Value));
        }
        else result["error_cm"] = streamed.Average(s => s.Error!.Value);
        return result;
    }

    /// <summary>Per-step latency (the first sequence warms the engine up; later ones are timed when there are any), MACs and bytes.</summary>
    static void Costs(JsonObject result, IReadOnlyList<(double[] Micros, long[] Macs, long DenseMacs, long WeightBytes)> streamed)
    {
        var timed = (streamed.Count > 1 ? streamed.Skip(1) : streamed).SelectMany(s => s.Micros).Order().ToArray();
        double Percentile(double q) => timed[(int)Math.Min(timed.Length - 1, Math.Floor(q * timed.Length))];
        double steps = streamed.Sum(s => s.Macs.Length);
        double macs = streamed.Sum(s => s.Macs.Sum());
        result["step_us_median"] = Percentile(0.5);
        result["step_us_p99"] = Percentile(0.99);
        result["macs_per_step"] = macs / steps;
        result["dense_macs_per_step"] = streamed[0].DenseMacs;
        result["mac_reduction"] = streamed[0].DenseMacs * steps / Math.Max(1, macs);
        result["weight_bytes_per_step"] = streamed.Sum(s => s.WeightBytes) / steps;
    }

    /// <summary>The rows of a numeric table (<see cref="CsvTable"/>: CSV, TSV or whitespace, an optional header, # comments) as input vectors.</summary>
    static float[][] ReadCsv(string path)
    {
        NumericArray table;
        try { table = CsvTable.Read(path); }
        catch (ParsimonyException e) when (e is not UsageException) { throw new UsageException($"--input {e.Message}"); }
        return [.. Enumerable.Range(0, table.Rows).Select(r => Enumerable.Range(0, table.Columns).Select(c => (float)table[r, c]).ToArray())];
    }
}
