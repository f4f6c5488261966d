using System.Text.Json.Nodes;
using Parsimony.Regularization;
using Parsimony.Sparsity;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Moduli;

/// <summary>
/// The moduli paper's protocol around any recurrent task, composed into the task's job (spec moduli.md §1–2): pruning
/// masks over the model's pruned group and the moduli regularizer over its recurrent matrices, both registered in the
/// model (as <c>masks</c> and <c>moduli</c>, so checkpoints and <c>model.safetensors</c> carry them); pruning by the plan
/// at epoch starts, gradients masked before clipping and weights after each step; and at the lottery epoch a
/// <see cref="LotteryTicket"/> rewind with a fresh embedding.
/// </summary>
public sealed class ModuliTraining
{
    const ulong LotterySalt = 0x5EED_1077E7;
    readonly SparseRnnConfig config;
    readonly nn.Module model;
    readonly Func<nn.Module> freshModel;
    Dictionary<string, double> firstPhase = [];
    bool lotteryStarted;

    /// <summary>
    /// Adds masks over <paramref name="pruned"/> and the regularizer over <paramref name="penalized"/> to
    /// <paramref name="model"/> (already on its device); <paramref name="freshModel"/> builds a new, unmasked copy of
    /// the task model for the lottery retrain.
    /// </summary>
    public ModuliTraining(SparseRnnConfig config, nn.Module model, IReadOnlyList<NamedWeight> pruned, IReadOnlyList<NamedWeight> penalized,
                          Func<nn.Module> freshModel)
    {
        this.config = config;
        this.model = model;
        this.freshModel = freshModel;
        Plan = config.Plan;
        if (Plan.Prunes)
        {
            Pruner = new MagnitudePruner(pruned);
            model.register_module("masks", Pruner);
        }
        var regularizer = new ModuliRegularizer(config.Regularizer(), config.Lambda, config.Power, penalized, (ulong)config.Seed, config.TrainEmbedding);
        if (regularizer.IsZero) regularizer.Dispose();
        else
        {
            Regularizer = regularizer;
            model.register_module("moduli", regularizer);
        }
    }

    /// <summary>The pruning schedule.</summary>
    public PruningPlan Plan { get; }
    /// <summary>The pruner, or null when the run is dense.</summary>
    public MagnitudePruner? Pruner { get; }
    /// <summary>The moduli regularizer, or null when it is identically zero.</summary>
    public ModuliRegularizer? Regularizer { get; }

    /// <summary>Task loss plus the moduli penalty.</summary>
    public Tensor Regularized(Tensor taskLoss) => Regularizer is null ? taskLoss : taskLoss + Regularizer.Penalty();

    /// <summary>
    /// The start of epoch <paramref name="epoch"/>: prunes to its sparsity, or at the first lottery epoch records the
    /// first phase's <paramref name="summary"/>, rewinds to fresh weights and embedding with the final masks and calls
    /// <paramref name="restart"/> (the job resets its schedule and makes a new optimizer there).
    /// </summary>
    public void BeginEpoch(int epoch, Func<Dictionary<string, double>> summary, Action restart)
    {
        var at = Plan.At(epoch);
        if (at.StartsLottery)
        {
            firstPhase = summary();
            ulong seed = LotterySeed;
            using (var fresh = RngStreams.Seeded((long)(seed & 0x7FFF_FFFF_FFFF), freshModel))
                LotteryTicket.Rewind(model, fresh, Pruner!);
            Regularizer?.Reinitialize(seed);
            restart();
            lotteryStarted = true;
        }
        if (at.Sparsity is { } s) Pruner!.PruneTo(s);
    }

    ulong LotterySeed => (ulong)config.Seed ^ LotterySalt;

    /// <summary>Zeroes the gradients of pruned weights.</summary>
    public void AfterBackward() => Pruner?.MaskGradients();

    /// <summary>Puts pruned weights back to zero and keeps learned embeddings on their manifold.</summary>
    public void AfterStep()
    {
        Pruner?.Apply();
        Regularizer?.AfterStep();
    }

    /// <summary>Epoch metrics: the phase, the global mask sparsity and the share of recurrent weights with |w| &lt; 1e-3.</summary>
    public Dictionary<string, double> Metrics(int epoch, IEnumerable<Tensor> recurrent)
    {
        var metrics = new Dictionary<string, double> { ["phase"] = (int)Plan.At(epoch).Phase };
        if (Pruner is not null) metrics["sparsity"] = Pruner.Sparsity();
        metrics["recurrent_below_1e-3"] = SmallWeights.ShareBelow1e3(recurrent);
        return metrics;
    }

    /// <summary>Adds the first phase's results (<c>before_lottery_*</c>) and each matrix's sparsity to a task summary.</summary>
    public Dictionary<string, double> Complete(Dictionary<string, double> summary)
    {
        if (Plan.Lottery)
            foreach (var (k, v) in firstPhase) summary["before_lottery_" + k] = v;
        if (Pruner is not null)
            foreach (var (name, s) in Pruner.SparsityPerMatrix()) summary["sparsity " + name] = s;
        return summary;
    }

    /// <summary>The manifold order of the first penalised matrix's <paramref name="n"/> neurons, or the identity.</summary>
    public long[] NeuronOrder(long n) => Regularizer?.NeuronOrder(0, n) ?? Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray();

    /// <summary>The name of the space neurons are ordered along in figures.</summary>
    public string OrderName => Regularizer?.Space?.Name ?? "index";

    /// <summary>What a checkpoint must carry.</summary>
    public JsonObject Save() => new()
    {
        ["lottery_started"] = lotteryStarted,
        ["first_phase"] = new JsonObject(firstPhase.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
    };

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    public void Load(JsonObject extra)
    {
        firstPhase = (extra["first_phase"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => (double)kv.Value!);
        lotteryStarted = (bool?)extra["lottery_started"] ?? false;
        // The fixed R of the retrain is not in the checkpoint: it is redrawn from the seed exactly as at the lottery start.
        if (lotteryStarted) Regularizer?.Reinitialize(LotterySeed);
    }
}
