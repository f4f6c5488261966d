using System.Diagnostics;
using System.Text.Json;
using Parsimony.Models.Egru;
using Parsimony.Models.Language;
using Parsimony.Models.Rnn;
using Parsimony.Models.Streaming;
using Parsimony.Runs;
using Parsimony.Tasks.Language;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Egru;

/// <summary>What streaming test tokens through the batch-1 language-model engine measured.</summary>
/// <param name="Tokens">Tokens streamed (each scored against the next one).</param>
/// <param name="Nats">Mean next-token negative log-likelihood of the engine's logits, nats.</param>
/// <param name="ReferenceDeviation">Largest |logit difference| against the trained TorchSharp model (batch 1, the state carried the same way).</param>
/// <param name="StepMicroseconds">Wall time of every step (embedding, recurrent layers and decoder), µs.</param>
/// <param name="RecurrentMicroseconds">Wall time of every step's recurrent layers alone, µs.</param>
/// <param name="Active">Events (EGRU) or non-zero hidden units (GRU, LSTM) of every step, all layers.</param>
/// <param name="Macs">Multiply-accumulates of the recurrent layers at every step.</param>
/// <param name="DenseMacs">Multiply-accumulates of one step of the dense recurrent layers (a GRU of the same sizes for the EGRU).</param>
/// <param name="WeightBytes">Bytes of recurrent weights read, all steps.</param>
/// <param name="DecoderMacs">Multiply-accumulates of the tied decoder, all steps (rows of the non-zero outputs only).</param>
/// <param name="DenseDecoderMacs">Multiply-accumulates of one step of the dense decoder: embedding width × vocabulary.</param>
/// <param name="DecoderWeightBytes">Bytes of decoder weights read, all steps.</param>
public sealed record StreamedText(int Tokens, double Nats, double ReferenceDeviation, double[] StepMicroseconds, double[] RecurrentMicroseconds,
                                  int[] Active, long[] Macs, long DenseMacs, long WeightBytes, long DecoderMacs, long DenseDecoderMacs, long DecoderWeightBytes);

/// <summary>
/// A finished <c>train egru-lm</c> run streamed token by token with batch 1: the embedding row, then the EGRU layers
/// through <see cref="EventDrivenEgru"/> (layer k + 1 gathers only the rows of layer k's non-zero y) or the GRU/LSTM
/// layers through <see cref="StreamingRecurrentStack"/>, then the tied decoder over the last layer's non-zero outputs.
/// Windows of <see cref="LmConfig.Bptt"/> test tokens follow one another with the state carried as in training
/// (EGRU: every layer's y, h and the trace at 0; GRU, LSTM: the whole state). The logits are checked against the
/// TorchSharp model's on the same windows.
/// </summary>
public sealed class LmInference : IDisposable
{
    readonly LmConfig config;
    readonly nn.Module model;
    readonly ICarryingLanguageModel language;
    readonly EventDrivenEgru[] layers = [];
    readonly StreamingRecurrentStack? stack;
    readonly long[] test;
    readonly float[] embedding, decoderBias;
    readonly TransposedWeights decoder;
    readonly int width;
    readonly long denseMacs;

    /// <summary>Opens the finished run in <paramref name="dir"/>; <paramref name="csr"/> stores pruned matrices by their surviving weights.</summary>
    public LmInference(string dir, bool csr)
    {
        var run = RunFolder.Open(dir);
        if (run.Command != "train egru-lm") throw new UsageException($"'{dir}' holds a '{run.Command}' run, not a 'train egru-lm' one.");
        config = run.ReadOptions().Deserialize<LmConfig>(Json.Options) ?? throw new ParsimonyException($"The configuration in {run.ConfigPath} is empty.");
        if (!File.Exists(run.ModelPath)) throw new UsageException($"'{dir}' has no model.safetensors yet: the run has not finished (resume it first).");
        ITokenSplits corpus = config.Level == TokenLevel.Char ? new CharCorpus(config.CorpusPath()) : new Corpus(config.CorpusPath());
        test = corpus.Test;
        var widths = config.HiddenSizes();
        width = widths[^1];
        if (config.Cell == SequenceCell.Egru)
        {
            var egru = RngStreams.Seeded(config.Seed, () => new EgruLanguageModel(config.EgruSpec(), corpus.VocabularySize));
            (model, language) = (egru, egru);
        }
        else
        {
            var tied = RngStreams.Seeded(config.Seed, () => new TiedLanguageModel(config.Cell == SequenceCell.Lstm ? CellKind.Lstm : CellKind.Gru,
                                                                                  corpus.VocabularySize, widths[0], widths.Length));
            (model, language) = (tied, tied);
        }
        var weights = SafeTensors.Load(run.ModelPath);
        try { model.load_state_dict(weights); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            throw new ParsimonyException($"{run.ModelPath} does not hold the language model its config.json describes ({e.Message}).", e);
        }
        finally { foreach (var t in weights.Values) t.Dispose(); }
        model.eval();
        if (model is EgruLanguageModel lm)
        {
            layers = [.. lm.Network.Layers.Select(l => new EventDrivenEgru(l, csr))];
            denseMacs = lm.Network.Layers.Sum(l => 3L * l.HiddenSize * (l.InputSize + l.HiddenSize));
        }
        else
        {
            stack = new StreamingRecurrentStack(((TiedLanguageModel)model).Rnn, csr);
            denseMacs = stack.DenseMacsPerStep;
        }
        var state = model.state_dict();
        var encoder = state["encoder.weight"];
        embedding = Floats(encoder);
        decoder = TransposedWeights.For(encoder, csr);
        decoderBias = Floats(state["bias"]);
        Vocabulary = corpus.VocabularySize;
    }

    static float[] Floats(Tensor t) => t.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    /// <summary>The run's configuration.</summary>
    public LmConfig Config => config;

    /// <summary>Distinct tokens.</summary>
    public int Vocabulary { get; }

    /// <summary>Test windows of <see cref="LmConfig.Bptt"/> tokens available (each with its next token).</summary>
    public int Windows => (test.Length - 1) / config.Bptt;

    /// <summary>Streams <paramref name="count"/> consecutive test windows from window <paramref name="first"/>, the state carried from one to the next.</summary>
    public StreamedText Stream(int first, int count)
    {
        if (first < 0 || count < 1 || (long)first + count > Windows)
            throw new UsageException($"--test-sequence and --count must stay in the {Windows} test windows of {config.Bptt} tokens (got {first} and {count}).");
        int bptt = config.Bptt, steps = count * bptt;
        var micros = new double[steps];
        var recurrentMicros = new double[steps];
        var active = new int[steps];
        var macs = new long[steps];
        var logits = new float[Vocabulary];
        long decoderMacs = 0, weightBytes = 0;
        double nats = 0, deviation = 0;
        var clock = new Stopwatch();
        Tensor[]? carried = null;
        Reset(null);
        for (int w = 0; w < count; w++)
        {
            int start = (first + w) * bptt;
            var reference = Reference(start, ref carried);
            if (w > 0 && stack is null) Reset(layers.Select(l => l.Y.ToArray()).ToArray());         // the EGRU carries y only, as the trained model
            long before = RecurrentMacs;
            for (int t = 0; t < bptt; t++)
            {
                int step = w * bptt + t;
                clock.Restart();
                var y = Recurrent(embedding.AsSpan((int)test[start + t] * width, width));
                recurrentMicros[step] = clock.Elapsed.TotalMicroseconds;
                decoderBias.CopyTo(logits, 0);
                decoderMacs += decoder.MultiplyAdd(y, logits);
                clock.Stop();
                micros[step] = clock.Elapsed.TotalMicroseconds;
                active[step] = stack?.NonZero ?? layers.Sum(l => l.ActiveCount);
                long total = RecurrentMacs;
                macs[step] = total - before;
                before = total;
                nats += LogSumExp(logits) - logits[test[start + t + 1]];
                for (int v = 0; v < logits.Length; v++) deviation = Math.Max(deviation, Math.Abs(logits[v] - reference[t * Vocabulary + v]));
            }
            weightBytes += layers.Sum(l => l.WeightBytes);                                                // the EGRU's counters restart every window
        }
        foreach (var t in carried ?? []) t.Dispose();
        if (stack is not null) weightBytes = stack.WeightBytes;
        return new StreamedText(steps, nats / steps, deviation, micros, recurrentMicros, active, macs, denseMacs, weightBytes,
                                decoderMacs, (long)width * Vocabulary, (long)(decoderMacs * decoder.BytesPerWeight));
    }

    /// <summary>The trained model's logits [bptt × V] for the window from <paramref name="start"/>, batch 1, its state carried in <paramref name="carried"/>.</summary>
    float[] Reference(int start, ref Tensor[]? carried)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var tokens = tensor(test.AsSpan(start, config.Bptt).ToArray(), [config.Bptt, 1]);
        var (logits, next) = language.Run(tokens, carried);
        foreach (var t in carried ?? []) t.Dispose();
        carried = [.. next.Select(t => t.MoveToOuterDisposeScope())];
        return logits.contiguous().data<float>().ToArray();
    }

    void Reset(float[][]? y0)
    {
        if (stack is not null) { stack.Reset(); return; }
        for (int k = 0; k < layers.Length; k++) layers[k].Reset(y0 is null ? default : y0[k]);
    }

    /// <summary>Multiply-accumulates of the recurrent layers since the last reset.</summary>
    long RecurrentMacs => stack?.Macs ?? layers.Sum(l => l.Macs);

    ReadOnlySpan<float> Recurrent(ReadOnlySpan<float> x)
    {
        if (stack is not null) return stack.Step(x);
        foreach (var layer in layers)
        {
            layer.Step(x);
            x = layer.Y;
        }
        return x;
    }

    static double LogSumExp(float[] logits)
    {
        double max = System.Numerics.Tensors.TensorPrimitives.Max(logits), sum = 0;
        foreach (var v in logits) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();
}
