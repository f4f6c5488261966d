using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Parsimony.Models.Sernn;
using Parsimony.Regularization;
using Parsimony.Tasks.Maze;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Sernn;

/// <summary>
/// Trains one stack of seRNNs of a population to the end and measures each network: the same initialisation (from the
/// run's seed), trials, input noise, loss (mean cross-entropy + its own λ_k · penalty) and Adam as <see cref="SernnJob"/>
/// under the trainer, for K networks at once (<see cref="KerasRnnStack"/>); then per network the validation and
/// recorded-trial accuracy, the structure of its final kernel and the functional measures of its recorded activity.
/// </summary>
static class StackTraining
{
    /// <summary>Trains the networks of <paramref name="lambdas"/> (indices from <paramref name="first"/>) and returns their results, in order.</summary>
    public static List<JsonObject> Run(SernnPopulationConfig config, MazeData data, double[,] distances, IReadOnlyList<double> lambdas, int first)
    {
        using var scope = NewDisposeScope();
        int k = lambdas.Count, steps = config.TrainTrials / config.BatchSize;
        using var stack = Initial(config, k);
        using var penalty = new SpatialRegularizer(config.Penalty, lambdas, stack.Recurrent, WeightLayout.FromRowToColumn, distances,
            config.DetachCommunicability, config.CommsPower);
        using var adam = optim.Adam(stack.parameters(), config.Lr, eps: 1e-7);
        using var noise = new Generator((ulong)config.Seed + 1, CPU);
        var epochs = Enumerable.Range(0, k).Select(_ => new JsonArray()).ToArray();
        for (int epoch = 0; epoch < config.Epochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            var lossSum = zeros(k);
            var correctSum = zeros(k, dtype: int64);
            for (int s = 0; s < steps; s++)
            {
                using var stepScope = NewDisposeScope();
                adam.zero_grad();
                var x = data.TrainX.narrow(0, s * config.BatchSize, config.BatchSize);
                var y = data.TrainY.narrow(0, s * config.BatchSize, config.BatchSize);
                if (config.Noise > 0) x = x + randn(x.shape, generator: noise) * config.Noise;
                var (task, correct) = Score(stack.call(x), y);
                (task.sum() + penalty.Penalty()).backward();
                adam.step();
                lossSum.add_(task.detach());
                correctSum.add_(correct);
            }
            var loss = lossSum.data<float>().ToArray();
            var right = correctSum.data<long>().ToArray();
            Guard(loss, lambdas, epoch);
            float[] pen, weight;
            using (no_grad())
            {
                pen = penalty.PerMatrix().data<float>().ToArray();
                weight = stack.Recurrent.abs().sum([1, 2]).data<float>().ToArray();
            }
            for (int n = 0; n < k; n++)
                epochs[n].Add(new JsonObject
                {
                    ["train_loss"] = (double)loss[n] / steps, ["train_accuracy"] = right[n] / (double)(steps * config.BatchSize),
                    ["penalty"] = (double)pen[n], ["total_weight"] = (double)weight[n],
                });
        }
        var (validation, validationLoss) = Evaluate(stack, data.ValidationX, data.ValidationY);
        using var recordY = tensor(data.RecordLabels);
        var (record, _) = Evaluate(stack, data.RecordX, recordY);
        var kernels = Kernels(stack);
        using var states = RecordStates(stack, data.RecordX);
        var results = new JsonObject[k];
        Parallel.For(0, k, n =>
        {
            var structure = NetworkStructure.Of(kernels[n], distances, config.Density, config.Restarts, config.NullGraphs, config.Seed);
            double[][][] trials;
            using (NewDisposeScope()) trials = Functional.Trials(states[n]);   // one network's float64 copy at a time, not the stack's
            var functional = Functional.Of(trials, data.RecordProblems, distances, 1000, config.Seed);
            var json = new JsonObject
            {
                ["network"] = first + n, ["lambda"] = lambdas[n], ["validation_accuracy"] = validation[n], ["validation_loss"] = validationLoss[n],
                ["record_accuracy"] = record[n], ["epochs"] = epochs[n],
            };
            foreach (var (name, v) in structure.Values()) json[name] = v;
            foreach (var (name, v) in functional.Values()) json[name] = v;
            json["kernel"] = EncodeKernel(kernels[n]);
            results[n] = json;
        });
        return [.. results];
    }

    /// <summary>K copies of the network <c>train sernn</c> initialises from the run's seed.</summary>
    static KerasRnnStack Initial(SernnPopulationConfig config, int k)
    {
        using var initial = RngStreams.Seeded(config.Seed, () => new KerasRnn(MazeTask.Features, config.Hidden, MazeTask.Directions));
        return new KerasRnnStack(Enumerable.Repeat(initial, k).ToList());
    }

    /// <summary>Each network's mean cross-entropy [K] and correct answers [K] of logits [K, B, O] for labels [B].</summary>
    static (Tensor Loss, Tensor Correct) Score(Tensor logits, Tensor y)
    {
        long k = logits.shape[0], b = logits.shape[1];
        var flat = logits.reshape(k * b, -1);
        var labels = y.repeat(k);
        var loss = nn.functional.cross_entropy(flat, labels, reduction: nn.Reduction.None).view(k, b).mean([1]);
        var correct = (flat.argmax(1) == labels).view(k, b).sum([1]);
        return (loss, correct);
    }

    static void Guard(float[] loss, IReadOnlyList<double> lambdas, int epoch)
    {
        for (int n = 0; n < loss.Length; n++)
            if (!float.IsFinite(loss[n]))
                throw new ParsimonyException($"The network with λ = {Rules.Show(lambdas[n])} reached a non-finite loss in epoch {epoch + 1}: its stack is not kept " +
                                             "(the finished stacks are); lower --lr or the strengths and run again with --resume.");
    }

    static (double[] Accuracy, double[] Loss) Evaluate(KerasRnnStack stack, Tensor x, Tensor y)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (loss, correct) = Score(stack.call(x), y);
        return (correct.data<long>().Select(c => c / (double)y.shape[0]).ToArray(), loss.data<float>().Select(v => (double)v).ToArray());
    }

    static double[][,] Kernels(KerasRnnStack stack)
    {
        using var _ = no_grad();
        return Enumerable.Range(0, stack.Count).Select(n => SernnModel.ToMatrix(stack.Recurrent[n])).ToArray();
    }

    /// <summary>Every network's post-ReLU states of the recorded trials, [K, trials, steps, units].</summary>
    static Tensor RecordStates(KerasRnnStack stack, Tensor x)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return stack.Run(x, keep: true).States!.MoveToOuterDisposeScope();
    }

    /// <summary>A kernel as base64 of its float32 values, row-major.</summary>
    public static string EncodeKernel(double[,] u) =>
        Convert.ToBase64String(MemoryMarshal.AsBytes(u.Cast<double>().Select(v => (float)v).ToArray().AsSpan()));

    /// <summary>The n × n kernel of <see cref="EncodeKernel"/>.</summary>
    public static double[,] DecodeKernel(string text, int n)
    {
        var values = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(text));
        if (values.Length != n * n) throw new ParsimonyException($"A stored kernel has {values.Length} values, not {n} × {n}.");
        var u = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) u[i, j] = values[i * n + j];
        return u;
    }
}
