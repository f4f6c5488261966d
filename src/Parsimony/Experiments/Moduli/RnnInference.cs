using System.Diagnostics;
using System.Text.Json;
using Parsimony.Experiments.Moduli.Adding;
using Parsimony.Experiments.Moduli.Language;
using Parsimony.Experiments.Moduli.Navigation;
using Parsimony.Models.Language;
using Parsimony.Models.Navigation;
using Parsimony.Models.Rnn;
using Parsimony.Models.Streaming;
using Parsimony.Runs;
using Parsimony.Tasks.Adding;
using Parsimony.Tasks.Language;
using Parsimony.Tasks.Navigation;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Moduli;

/// <summary>What streaming one sequence through the batch-1 engine measured.</summary>
/// <param name="Outputs">The engine's outputs: the prediction (adding, 1 value) or the read-out of every step (navigation: T × place cells; language: T × vocabulary logits).</param>
/// <param name="ReferenceDeviation">Largest |output difference| against the trained TorchSharp model on the same sequence.</param>
/// <param name="Error">Task error of the engine's outputs: squared error (adding), mean decoding error in cm (navigation) or mean next-token negative log-likelihood in nats (language); null without a target.</param>
/// <param name="StepMicroseconds">Wall time of every step (recurrent stack and, for navigation, the read-out), µs.</param>
/// <param name="NonZero">Non-zero hidden units after every step.</param>
/// <param name="Macs">Multiply-accumulates of every step.</param>
/// <param name="DenseMacs">Multiply-accumulates of one step of the dense model.</param>
/// <param name="WeightBytes">Bytes of weights read, all steps.</param>
public sealed record StreamedRnnSequence(float[] Outputs, double ReferenceDeviation, double? Error, double[] StepMicroseconds, int[] NonZero,
                                         long[] Macs, long DenseMacs, long WeightBytes);

/// <summary>
/// A finished moduli RNN run — <c>train adding</c> (Elman/GRU/LSTM, read out from the last step),
/// <c>train navigation</c>/<c>demo</c> (the path-integrating ReLU RNN, read out every step) or <c>train lm</c> (the
/// word-level Elman language model: embedding rows in, vocabulary logits out every step) — streamed with batch 1
/// through <see cref="StreamingRecurrentStack"/>: work proportional to non-zero inputs and units × surviving weights
/// (compressed rows for the pruned matrices). Its outputs are checked against the TorchSharp model's.
/// </summary>
public sealed class RnnInference : IDisposable
{
    /// <summary>The commands whose runs this class streams.</summary>
    public static readonly string[] Commands = ["train adding", "train navigation", "demo", "train lm"];

    readonly nn.Module model;
    readonly StreamingRecurrentStack engine;
    readonly AddingData? adding;
    readonly AddingConfig? addingConfig;
    readonly NavigationConfig? navigationConfig;
    readonly PlaceCells? places;
    readonly LanguageConfig? languageConfig;
    readonly long[] testTokens = [];
    readonly float[] embedding = [];
    readonly TransposedWeights? decoder;
    readonly float[] readoutWeight = [], readoutBias = [];
    readonly int features;

    /// <summary>Opens the finished run in <paramref name="dir"/>; <paramref name="compressed"/> stores its pruned matrices by their surviving weights.</summary>
    public RnnInference(string dir, bool compressed)
    {
        var run = RunFolder.Open(dir);
        Command = run.Command;
        if (!Commands.Contains(Command)) throw new UsageException($"'{dir}' holds a '{Command}' run; this engine streams {string.Join(", ", Commands)} runs.");
        if (!File.Exists(run.ModelPath)) throw new UsageException($"'{dir}' has no model.safetensors yet: the run has not finished (resume it first).");
        var options = run.ReadOptions();
        RecurrentStack stack;
        if (Command == "train adding")
        {
            var config = addingConfig = options.Deserialize<AddingConfig>(Json.Options) ?? throw new ParsimonyException($"The configuration in {run.ConfigPath} is empty.");
            var regressor = RngStreams.Seeded(config.Seed, () => new LastStepRegressor(config.Cell, 2, config.Hidden, config.Activation));
            model = regressor;
            stack = regressor.Rnn;
            using (var data = new Generator((ulong)config.Seed, CPU))
            {
                var train = AddingProblem.Generate(config.TrainSamples, config.SequenceLength, data);               // the test set follows the training set
                train.Inputs.Dispose();
                train.Targets.Dispose();
                adding = AddingProblem.Generate(config.TestSamples, config.SequenceLength, data);
            }
        }
        else if (Command == "train lm")
        {
            var config = languageConfig = options.Deserialize<LanguageConfig>(Json.Options) ?? throw new ParsimonyException($"The configuration in {run.ConfigPath} is empty.");
            var corpus = new Corpus(config.CorpusFolder());
            testTokens = corpus.Test;
            var language = RngStreams.Seeded(config.Seed, () => new WordLanguageModel(corpus.VocabularySize, config.Hidden, config.Layers, config.Activation));
            model = language;
            stack = language.Rnn;
        }
        else
        {
            var config = navigationConfig = options.Deserialize<NavigationConfig>(Json.Options) ?? throw new ParsimonyException($"The configuration in {run.ConfigPath} is empty.");
            var rnn = RngStreams.Seeded(config.Seed, () => new PathIntegrationRnn(config.PlaceCells, config.Hidden, config.RecurrentInit, config.StartCodeGain));
            model = rnn;
            stack = rnn.Rnn;
            places = new PlaceCells(config.PlaceCells, config.Box, config.PlaceCellWidth, config.PlaceCellSeed, CPU);
        }
        var weights = SafeTensors.Load(run.ModelPath);
        try
        {
            // The file also holds the pruning masks (masks.mask_rnn__rnn__weight_hh_l0 for rnn.rnn.weight_hh_l0) and the moduli embeddings.
            var missing = model.state_dict().Keys.Where(k => !weights.ContainsKey(k)).ToList();
            if (missing.Count > 0) throw new ParsimonyException($"{run.ModelPath} does not hold the model its config.json describes (no {string.Join(", ", missing)}).");
            using (no_grad())
                foreach (var (name, mask) in weights.Where(w => w.Key.StartsWith("masks.mask_", StringComparison.Ordinal)))
                    if (weights.TryGetValue(name["masks.mask_".Length..].Replace("__", "."), out var weight)) weight.mul_(mask);
            model.load_state_dict(weights, strict: false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            throw new ParsimonyException($"{run.ModelPath} does not hold the model its config.json describes ({e.Message}).", e);
        }
        finally { foreach (var t in weights.Values) t.Dispose(); }
        model.eval();
        engine = new StreamingRecurrentStack(stack, compressed);
        features = stack.Spec.InputSize;
        var state = model.state_dict();
        if (adding is not null)
        {
            readoutWeight = Floats(state["readout.weight"]);
            readoutBias = Floats(state["readout.bias"]);
        }
        else decoder = TransposedWeights.For(state["decoder.weight"], compressed);
        if (languageConfig is not null)
        {
            embedding = Floats(state["encoder.weight"]);
            readoutBias = Floats(state["decoder.bias"]);
        }
    }

    float[] Embed(long[] tokens)
    {
        int width = engine.Spec.InputSize;
        var rows = new float[tokens.Length * width];
        for (int t = 0; t < tokens.Length; t++) embedding.AsSpan((int)tokens[t] * width, width).CopyTo(rows.AsSpan(t * width));
        return rows;
    }

    static float[] Floats(Tensor t) => t.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    /// <summary>The run's command.</summary>
    public string Command { get; }

    /// <summary>Test sequences available (adding: the run's held-out test set; navigation: validation trajectories, unbounded; language: the test split's windows of --bptt tokens).</summary>
    public int Count => adding is not null ? (int)adding.Count : languageConfig is not null ? (testTokens.Length - 1) / languageConfig.Bptt : int.MaxValue;

    /// <summary>Streams test sequence <paramref name="index"/> (its target known).</summary>
    public StreamedRnnSequence Stream(int index)
    {
        if (index < 0 || index >= Count) throw new UsageException($"--test-sequence must be in 0 … {Count - 1} (got {index}).");
        if (adding is not null)
        {
            using var x = adding.Inputs[index..(index + 1)].transpose(0, 1);                                        // [T, 1, 2]
            return Stream(x, adding.Targets[index].item<float>(), null, null);
        }
        if (languageConfig is not null)
        {
            int length = languageConfig.Bptt;
            using var tokens = tensor(testTokens.AsSpan(index * length, length + 1).ToArray());
            return Stream(tokens[..length].unsqueeze(1), null, null, null, tokens[1..]);
        }
        using var batch = new TrajectoryGenerator(navigationConfig!.Box, navigationConfig.SequenceLength)
            .Batch(NavigationExperiment.ValidationStream, index, 1, CPU);
        return Stream(batch.Velocity, null, batch.Start, batch.Position);
    }

    /// <summary>Streams <paramref name="inputs"/> [T][features] (no target; navigation starts at the arena's centre).</summary>
    public StreamedRnnSequence Stream(float[][] inputs)
    {
        if (languageConfig is not null) throw new UsageException("--input streams input vectors; a language model streams windows of its test split (--test-sequence, --count).");
        if (inputs.Length == 0) throw new UsageException("The input sequence is empty: it needs at least one step.");
        foreach (var (row, t) in inputs.Select((r, t) => (r, t)))
        {
            if (row.Length != features) throw new UsageException($"Step {t + 1} of the input has {row.Length} values; this model reads {features} per step.");
            if (row.Any(v => !float.IsFinite(v))) throw new UsageException($"Step {t + 1} of the input holds a value that is not a finite number.");
        }
        using var x = tensor(inputs.SelectMany(r => r).ToArray(), [inputs.Length, 1, features]);
        using var centre = zeros(1, 2);
        return Stream(x, null, navigationConfig is null ? null : centre, null);
    }

    /// <summary>
    /// Streams x [T, 1, features] (language: token ids [T, 1], scored against the <paramref name="next"/> tokens [T]);
    /// navigation starts at <paramref name="start"/> [1, 2] and is scored against <paramref name="positions"/> [T, 1, 2].
    /// </summary>
    StreamedRnnSequence Stream(Tensor x, float? target, Tensor? start, Tensor? positions, Tensor? next = null)
    {
        int steps = (int)x.shape[0];
        float[] reference;
        float[][]? h0 = null;
        using (var scope = NewDisposeScope())
        using (var _ = no_grad())
        {
            if (model is LastStepRegressor regressor) reference = regressor.call(x).data<float>().ToArray();
            else if (model is WordLanguageModel language) reference = language.call(x, null).Logits.contiguous().data<float>().ToArray();
            else
            {
                var rnn = (PathIntegrationRnn)model;
                var code = places!.Encode(start!);
                reference = rnn.call(x, code).contiguous().data<float>().ToArray();
                var encoder = rnn.state_dict()["encoder.weight"];
                h0 = [matmul(code * rnn.StartGain, encoder.t())[0].contiguous().data<float>().ToArray()];
            }
        }
        var input = next is null ? x.contiguous().data<float>().ToArray() : Embed(x.data<long>().ToArray());
        engine.Reset(h0);
        int hidden = engine.Spec.HiddenSize, outputs = decoder?.Outputs ?? 1;
        var result = new float[model is LastStepRegressor ? 1 : steps * outputs];
        var micros = new double[steps];
        var nonZero = new int[steps];
        var macs = new long[steps];
        long before = 0, readoutBytes = 0;
        var clock = new Stopwatch();
        for (int t = 0; t < steps; t++)
        {
            clock.Restart();
            var h = engine.Step(input.AsSpan(t * features, features));
            long readoutMacs = 0;
            if (decoder is not null)
            {
                var row = result.AsSpan(t * outputs, outputs);
                if (readoutBias.Length == outputs) readoutBias.CopyTo(row);
                readoutMacs = decoder.MultiplyAdd(h, row);
                readoutBytes += (long)(readoutMacs * decoder.BytesPerWeight);
            }
            clock.Stop();
            micros[t] = clock.Elapsed.TotalMicroseconds;
            nonZero[t] = engine.NonZero;
            macs[t] = engine.Macs - before + readoutMacs;
            before = engine.Macs;
        }
        if (decoder is null) result[0] = readoutBias[0] + System.Numerics.Tensors.TensorPrimitives.Dot(readoutWeight, engine.Output);
        double deviation = result.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        double? error = null;
        if (target is float y) error = (result[0] - y) * (result[0] - y);
        else if (positions is not null)
        {
            using var scope = NewDisposeScope();
            var decoded = places!.Decode(tensor(result, [steps, 1, outputs]), navigationConfig!.TopK);
            error = (decoded - positions).square().sum(-1).sqrt().mean().item<float>() * 100;
        }
        else if (next is not null)
        {
            using var scope = NewDisposeScope();
            error = nn.functional.cross_entropy(tensor(result, [steps, outputs]), next).item<float>();
        }
        long dense = engine.DenseMacsPerStep + (decoder is null ? 0 : (long)hidden * outputs);
        return new StreamedRnnSequence(result, deviation, error, micros, nonZero, macs, dense, engine.WeightBytes + readoutBytes);
    }

    /// <summary>Weights stored by the engine (recurrent stack), against the dense count.</summary>
    public (long Stored, long Dense) StoredWeights => (engine.StoredWeights, engine.DenseMacsPerStep);

    /// <inheritdoc/>
    public void Dispose()
    {
        model.Dispose();
        adding?.Inputs.Dispose();
        adding?.Targets.Dispose();
        places?.Dispose();
    }
}
