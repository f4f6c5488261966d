using System.Diagnostics;
using System.Text.Json;
using Parsimony.Models.Egru;
using Parsimony.Runs;
using Parsimony.Tasks.Images;
using Parsimony.Tasks.SequentialImages;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Egru;

/// <summary>What streaming one sequence through the event-driven engine measured.</summary>
/// <param name="Predicted">The class with the largest score.</param>
/// <param name="Label">The image's true class.</param>
/// <param name="Logits">The engine's class scores.</param>
/// <param name="ReferenceDeviation">Largest |score difference| against the trained TorchSharp model on the same sequence.</param>
/// <param name="StepMicroseconds">Wall time of every step (all layers), µs.</param>
/// <param name="Events">Events of every step (all layers).</param>
/// <param name="Macs">Multiply-accumulates of every step (all layers).</param>
/// <param name="DenseMacs">Multiply-accumulates of one step of a dense GRU of the same sizes.</param>
/// <param name="WeightBytes">Bytes of weights read, all steps.</param>
public sealed record StreamedSequence(int Predicted, int Label, float[] Logits, double ReferenceDeviation, double[] StepMicroseconds,
                                      int[] Events, long[] Macs, long DenseMacs, long WeightBytes);

/// <summary>
/// A trained <c>train egru-seqimage</c> EGRU run, streamed step by step with batch 1 through
/// <see cref="EventDrivenEgru"/>: work proportional to events × surviving weights (CSR for pruned recurrent matrices),
/// the read-out applied to the last layer's trace at the end. Its scores are checked against the TorchSharp model's.
/// </summary>
public sealed class SeqImageInference : IDisposable
{
    readonly SeqImageConfig config;
    readonly EgruClassifier model;
    readonly IdxImages images;
    readonly EventDrivenEgru[] engines;
    readonly float[] readoutWeight, readoutBias;
    readonly int[]? permutation;
    readonly int steps, features;

    /// <summary>Opens the finished run in <paramref name="dir"/>; images from <paramref name="imagesFolder"/> (default: the run's).</summary>
    public SeqImageInference(string dir, bool csr, string? imagesFolder = null)
    {
        var run = RunFolder.Open(dir);
        if (run.Command != "train egru-seqimage")
            throw new UsageException($"'{dir}' holds a '{run.Command}' run; infer streams EGRU sequence classifiers trained with 'train egru-seqimage'.");
        config = run.ReadOptions().Deserialize<SeqImageConfig>(Json.Options)
                 ?? throw new ParsimonyException($"The configuration in {run.ConfigPath} is empty.");
        if (config.Cell != SequenceCell.Egru)
            throw new UsageException($"'{dir}' holds a {config.Cell.ToString().ToLowerInvariant()} classifier; infer streams the event-driven EGRU (train egru-seqimage --cell egru).");
        if (!File.Exists(run.ModelPath)) throw new UsageException($"'{dir}' has no model.safetensors yet: the run has not finished (resume it first).");
        var folder = IdxFolder.Load(imagesFolder ?? config.Images);
        images = folder.Test;
        steps = ImageSequences.Steps(config.Sequence, images.Rows, images.Columns);
        features = ImageSequences.Features(config.Sequence, images.Columns);
        permutation = config.Permuted ? ImageSequences.BitReversal(steps) : null;
        int classes = folder.Classes;
        model = RngStreams.Seeded(config.Seed, () => new EgruClassifier(config.EgruSpec(features), classes));
        var weights = SafeTensors.Load(run.ModelPath);
        // A pruned run's file also holds its masks (masks.mask_network__layers__0__weight_hh …); its weights are already exactly 0 there.
        try { model.load_state_dict(weights.Where(w => !w.Key.StartsWith("masks.", StringComparison.Ordinal)).ToDictionary()); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            throw new ParsimonyException($"{run.ModelPath} does not hold the EGRU classifier its config.json describes ({e.Message}).", e);
        }
        finally { foreach (var t in weights.Values) t.Dispose(); }
        model.eval();
        engines = [.. model.Network.Layers.Select(l => new EventDrivenEgru(l, csr))];
        var readout = model.state_dict();
        readoutWeight = readout["readout.weight"].to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        readoutBias = readout["readout.bias"].to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        Classes = classes;
    }

    /// <summary>Classes of the read-out.</summary>
    public int Classes { get; }
    /// <summary>Test images available.</summary>
    public int Count => images.Count;

    /// <summary>Streams test image <paramref name="index"/>.</summary>
    public StreamedSequence Stream(int index)
    {
        if (index < 0 || index >= images.Count) throw new UsageException($"--test-image must be in 0 … {images.Count - 1} (got {index}).");
        float[] sequence;
        Tensor referenceLogits;
        using (var scope = NewDisposeScope())
        using (var _ = no_grad())
        {
            var x = ImageSequences.Batch(images, [index], config.Sequence, permutation);                  // [T, 1, F]
            sequence = x.contiguous().data<float>().ToArray();
            referenceLogits = model.Run(x).Logits.MoveToOuterDisposeScope();
        }
        foreach (var e in engines) e.Reset();
        var micros = new double[steps];
        var events = new int[steps];
        var macs = new long[steps];
        var clock = new Stopwatch();
        long before = 0;
        for (int t = 0; t < steps; t++)
        {
            clock.Restart();
            ReadOnlySpan<float> input = sequence.AsSpan(t * features, features);
            foreach (var engine in engines)
            {
                engine.Step(input);
                input = engine.Y;
            }
            clock.Stop();
            micros[t] = clock.Elapsed.TotalMicroseconds;
            events[t] = engines.Sum(e => e.ActiveCount);
            long total = engines.Sum(e => e.Macs);
            macs[t] = total - before;
            before = total;
        }
        var trace = engines[^1].Trace;
        int hidden = trace.Length;
        var logits = new float[Classes];
        for (int c = 0; c < Classes; c++)
            logits[c] = readoutBias[c] + System.Numerics.Tensors.TensorPrimitives.Dot(readoutWeight.AsSpan(c * hidden, hidden), trace);
        var reference = referenceLogits.data<float>().ToArray();
        referenceLogits.Dispose();
        double deviation = logits.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        long dense = model.Network.Layers.Sum(l => 3L * l.HiddenSize * (l.InputSize + l.HiddenSize));
        return new StreamedSequence(Array.IndexOf(logits, logits.Max()), images.Labels[index], logits, deviation, micros, events, macs, dense,
                                    engines.Sum(e => e.WeightBytes));
    }

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();
}
