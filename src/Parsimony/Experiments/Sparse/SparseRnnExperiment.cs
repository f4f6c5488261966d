using System.Text.Json.Nodes;
using Parsimony.Geometry;
using Parsimony.Regularization;
using Parsimony.Runs;
using Parsimony.Sparsity;
using Parsimony.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Sparse;

/// <summary>
/// What every moduli-regularized, pruned RNN experiment does around its task: registers pruning masks and the moduli
/// regularizer in the model (so checkpoints and <c>model.safetensors</c> carry them), prunes by the plan at epoch starts,
/// masks gradients before clipping and weights after each step, and at the lottery epoch reinitialises weights,
/// embedding and optimizer while keeping the final masks. Subclasses supply the task.
/// </summary>
public abstract class SparseRnnExperiment : ITrainable
{
    const ulong LotterySalt = 0x5EED_1077E7;
    readonly SparseRnnConfig config;
    readonly PruningPlan plan;
    readonly Dictionary<string, Generator> generators = [];
    nn.Module model = null!;
    TrainingState? state;
    Dictionary<string, double> firstPhase = [];
    bool lotteryStarted;

    /// <summary>Keeps the config and device; call <see cref="Initialize"/> once the model exists.</summary>
    protected SparseRnnExperiment(SparseRnnConfig config, Device device)
    {
        config.Validate();
        this.config = config;
        plan = config.Plan;
        Device = device;
    }

    /// <summary>The training device.</summary>
    protected Device Device { get; }
    /// <summary>The pruner (masks over the pruned group), or null when the run is dense.</summary>
    protected MagnitudePruner? Pruner { get; private set; }
    /// <summary>The moduli regularizer, or null when it is identically zero.</summary>
    protected ModuliRegularizer? Regularizer { get; private set; }

    /// <inheritdoc/>
    public abstract string Name { get; }
    /// <inheritdoc/>
    public int Epochs => plan.TotalEpochs;
    /// <inheritdoc/>
    public abstract int StepsPerEpoch { get; }
    /// <inheritdoc/>
    public abstract double? ClipNorm { get; }
    /// <inheritdoc/>
    public TrainingState State => state ?? throw new InvalidOperationException("Initialize was not called.");

    /// <summary>A fresh optimizer over <paramref name="parameters"/>.</summary>
    protected abstract OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters);

    /// <summary>A freshly initialised copy of the task model (no masks, no regularizer), drawn from the global generator.</summary>
    protected abstract nn.Module CreateFreshModel();

    /// <summary>
    /// Adds masks over <paramref name="pruneGroup"/> and a regularizer over <paramref name="penalized"/> to
    /// <paramref name="taskModel"/> (already on <see cref="Device"/>), and creates the optimizer.
    /// </summary>
    protected void Initialize(nn.Module taskModel, IEnumerable<(string Name, Parameter Weight)> pruneGroup,
        IReadOnlyList<PenalizedWeight> penalized, IReadOnlyDictionary<string, Generator> taskGenerators)
    {
        model = taskModel;
        if (plan.Target > 0 || plan.ExtendTarget > 0)
        {
            Pruner = new MagnitudePruner(pruneGroup);
            model.register_module("masks", Pruner);
        }
        var regularizer = new ModuliRegularizer(config.Regularizer, config.Lambda, config.Power, penalized, (ulong)config.Seed, config.TrainEmbedding);
        if (regularizer.IsZero) regularizer.Dispose();
        else
        {
            Regularizer = regularizer;
            model.register_module("moduli", regularizer);
        }
        foreach (var (k, g) in taskGenerators) generators[k] = g;
        state = new TrainingState(model, CreateOptimizer(model.parameters()), generators);
    }

    /// <summary>Task loss plus the moduli penalty.</summary>
    protected Tensor Regularized(Tensor taskLoss) => Regularizer is null ? taskLoss : taskLoss + Regularizer.Penalty();

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
        var at = plan.At(epoch);
        if (at.StartsLottery) StartLottery();
        if (at.Sparsity is { } s) Pruner!.PruneTo(s);
        OnBeginEpoch(epoch);
    }

    /// <summary>Task work when the lottery retrain starts, before its optimizer is created (e.g. resetting the learning rate).</summary>
    protected virtual void OnLotteryStart() { }

    /// <summary>Task work at the start of an epoch.</summary>
    protected virtual void OnBeginEpoch(int epoch) { }

    void StartLottery()
    {
        firstPhase = Summary();
        ulong seed = (ulong)config.Seed ^ LotterySalt;
        random.manual_seed((long)(seed & 0x7FFF_FFFF_FFFF));
        using (var fresh = CreateFreshModel())
        using (no_grad())
        {
            var mine = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in fresh.named_parameters()) mine[name].copy_(p.to(Device));
        }
        Regularizer?.Redraw(seed);
        Pruner!.Apply();
        OnLotteryStart();
        state = state! with { Optimizer = CreateOptimizer(model.parameters()) };
        lotteryStarted = true;
    }

    /// <inheritdoc/>
    public abstract (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step);

    /// <inheritdoc/>
    public void AfterBackward() => Pruner?.MaskGradients();

    /// <inheritdoc/>
    public void AfterStep()
    {
        Pruner?.Apply();
        if (config.TrainEmbedding && Regularizer?.Space is Sphere)
            using (no_grad())
                for (int i = 0; i < Regularizer.Count; i++) Regularizer.Embedding(i)!.div_(linalg.vector_norm(Regularizer.Embedding(i)!, 2, [1], true));
    }

    /// <inheritdoc/>
    public abstract IReadOnlyDictionary<string, double> EndEpoch(int epoch);

    /// <summary>Sparsity metrics: global mask sparsity, the share of recurrent weights with |w| &lt; 1e-3, the phase.</summary>
    protected Dictionary<string, double> SparsityMetrics(int epoch, IEnumerable<Tensor> recurrent)
    {
        var metrics = new Dictionary<string, double> { ["phase"] = (int)plan.At(epoch).Phase };
        if (Pruner is not null) metrics["sparsity"] = Pruner.Sparsity();
        metrics["recurrent_below_1e-3"] = ShareBelow1e3(recurrent);
        return metrics;
    }

    /// <summary>The share of the recurrent weights with |w| &lt; 1e-3 (the reference's logged sparsity).</summary>
    protected static double ShareBelow1e3(IEnumerable<Tensor> recurrent)
    {
        double small = 0, total = 0;
        foreach (var w in recurrent)
        {
            small += (w.detach().abs() < 1e-3).sum().item<long>();
            total += w.numel();
        }
        return small / total;
    }

    /// <summary>The task's final metrics (used for the summary and, at the lottery start, for the first phase).</summary>
    protected abstract Dictionary<string, double> Summary();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Summarize()
    {
        var summary = Summary();
        if (plan.Lottery)
            foreach (var (k, v) in firstPhase) summary["before_lottery_" + k] = v;
        if (Pruner is not null)
            foreach (var (name, s) in Pruner.SparsityPerMatrix()) summary["sparsity " + name] = s;
        return summary;
    }

    /// <inheritdoc/>
    public virtual JsonObject SaveExtra() => new()
    {
        ["lottery_started"] = lotteryStarted,
        ["first_phase"] = new JsonObject(firstPhase.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
    };

    /// <inheritdoc/>
    public virtual void LoadExtra(JsonObject extra)
    {
        firstPhase = (extra["first_phase"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => (double)kv.Value!);
        lotteryStarted = (bool?)extra["lottery_started"] ?? false;
        // The fixed R of the retrain is not in the checkpoint: it is redrawn from the seed exactly as at the lottery start.
        if (lotteryStarted) Regularizer?.Redraw((ulong)config.Seed ^ LotterySalt);
    }

    /// <inheritdoc/>
    public abstract void WriteFigures(string figuresDir);

    /// <summary>The embedding space's ordering of the first penalised matrix's neurons, or the identity.</summary>
    protected long[] NeuronOrder(long n) =>
        Regularizer is { Space: { } space } && Regularizer.Embedding(0) is { } e ? space.Order(e) : Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray();

    /// <inheritdoc/>
    public virtual void Dispose()
    {
        model.Dispose();
        foreach (var g in generators.Values) g.Dispose();
        GC.SuppressFinalize(this);
    }
}
