using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Regularization;
using Parsimony.Runs;
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
    readonly SparseRnnConfig config;
    readonly nn.Module model;
    readonly Func<nn.Module> freshModel;
    Dictionary<string, double> firstPhase = [];
    bool lotteryStarted;
    double[][]? denseRecurrent;   // |W_hh| of the first penalised matrix at the last dense epoch, ordered and block-averaged

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
            Pruner = new MagnitudePruner(pruned, Plan.PruneBlock);
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
            LotteryTicket.RewindToFresh(model, freshModel, Pruner!, seed);
            Regularizer?.Reinitialize(seed);
            restart();
            lotteryStarted = true;
        }
        if (at.Sparsity is { } s) Pruner!.PruneTo(s);
    }

    ulong LotterySeed => LotteryTicket.Seed(config.Seed);

    /// <summary>Zeroes the gradients of pruned weights.</summary>
    public void AfterBackward() => Pruner?.MaskGradients();

    /// <summary>Puts pruned weights back to zero and keeps learned embeddings on their manifold.</summary>
    public void AfterStep()
    {
        Pruner?.Apply();
        Regularizer?.AfterStep();
    }

    /// <summary>Whether <paramref name="epoch"/> is the last one with no weight pruned (the dense baseline).</summary>
    public bool IsLastDenseEpoch(int epoch) => epoch == Plan.LastDenseEpoch;

    /// <summary>
    /// Epoch metrics: the phase, the global mask sparsity and the share of recurrent weights with |w| &lt; 1e-3; at the
    /// last dense epoch it also keeps the ordered first recurrent matrix for the figure of the dense baseline.
    /// </summary>
    public Dictionary<string, double> Metrics(int epoch, IEnumerable<Tensor> recurrent)
    {
        var matrices = recurrent.ToList();
        if (IsLastDenseEpoch(epoch))
            using (no_grad()) denseRecurrent = OrderedMatrix.BlockAverage(matrices[0].abs(), NeuronOrder(matrices[0].shape[1])).Values;
        var metrics = new Dictionary<string, double> { ["phase"] = (int)Plan.At(epoch).Phase };
        if (Pruner is not null) metrics["sparsity"] = Pruner.Sparsity();
        metrics["recurrent_below_1e-3"] = SmallWeights.ShareBelow1e3(matrices);
        return metrics;
    }

    /// <summary>The figures of the protocol: the recurrent matrix at the last dense epoch (when that epoch was reached).</summary>
    public IEnumerable<NamedFigure> Figures(string matrixName)
    {
        if (denseRecurrent is null) yield break;
        yield return JobOutput.WeightsFigure("recurrent-weights-dense",
            $"|W_hh| at the end of the last dense epoch ({Plan.LastDenseEpoch + 1}), ordered along the {OrderName}", denseRecurrent, 1,
            $"The {matrixName} before any weight was pruned, neurons in the order of their positions on the {OrderName} " +
            "(block-averaged to at most 256 a side). Moduli regularization makes weights between near neurons larger: a band around " +
            "the diagonal (and its wrap-around corners on a torus) shows the geometry the penalty imposed.");
    }

    /// <summary>Findings about the finished run worth saying: a final sparsity below the target.</summary>
    public IReadOnlyList<string> Notes()
    {
        double target = Math.Max(Plan.TargetSparsity, Plan.ExtendTo);
        if (Pruner is null || target == 0 || Pruner.Sparsity() >= target - 1e-6) return [];
        return [$"the run ended at sparsity {Pruner.Sparsity():0.####}, below its target {target:0.####}: it stopped before the last pruning epoch."];
    }

    /// <summary>The meanings of the protocol's metrics.</summary>
    public static Glossary Glossary() => new Glossary()
        .Add("phase", "The epoch's phase of the pruning plan: 0 gradual pruning, 1 stabilizer (final mask kept), 2 extension to a higher sparsity, 3 lottery-ticket retrain, 4 dense training before pruning.")
        .Add("sparsity", "Share of the pruned group's weights (all its matrices together) that are masked to exactly zero: global magnitude pruning, round(s·n) entries of the whole group.")
        .Add("recurrent_below_1e-3", "Share of the recurrent weights with |w| < 10⁻³ — the 'sparsity' the reference code logs (it never masks weights).")
        .Add("dense_epoch", "The epoch (1-based) at whose end the dense baseline (dense_*) was measured: the last epoch before any weight was pruned.")
        .AddPrefix("sparsity ", "Share of the matrix {rest} that is pruned (masked to zero).")
        .AddPrefix("before_lottery_", "At the end of the first phase, before the lottery-ticket retrain:")
        .AddPrefix("dense_", "At the end of the last dense epoch (see dense_epoch), before any weight was pruned:");

    /// <summary>Adds the first phase's results (<c>before_lottery_*</c>), the dense epoch and each matrix's sparsity to a task summary.</summary>
    public Dictionary<string, double> Complete(Dictionary<string, double> summary)
    {
        if (denseRecurrent is not null && Plan.Prunes) summary["dense_epoch"] = Plan.LastDenseEpoch + 1;
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
    public JsonObject Save()
    {
        var extra = new JsonObject
        {
            ["lottery_started"] = lotteryStarted,
            ["first_phase"] = new JsonObject(firstPhase.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        if (denseRecurrent is not null)
            extra["dense_recurrent"] = new JsonArray(denseRecurrent.Select(row => (JsonNode?)new JsonArray(row.Select(v => (JsonNode?)v).ToArray())).ToArray());
        return extra;
    }

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    public void Load(JsonObject extra)
    {
        firstPhase = (extra["first_phase"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => (double)kv.Value!);
        lotteryStarted = (bool?)extra["lottery_started"] ?? false;
        denseRecurrent = extra["dense_recurrent"] is JsonArray rows ? rows.Select(r => r!.AsArray().Select(v => (double)v!).ToArray()).ToArray() : null;
        // The fixed R of the retrain is not in the checkpoint: it is redrawn from the seed exactly as at the lottery start.
        if (lotteryStarted) Regularizer?.Reinitialize(LotterySeed);
    }
}
