using Parsimony.Experiments.Sparse;
using Parsimony.Models.Rnn;
using Parsimony.Regularization;
using Parsimony.Reports;
using Parsimony.Tasks.Adding;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Adding;

/// <summary>The adding-problem model: a recurrent stack read out linearly from its last hidden state.</summary>
public sealed class AddingModel : nn.Module<Tensor, Tensor>
{
    readonly Linear readout;
    readonly RecurrentStack rnn;

    /// <summary>Builds the model for <paramref name="config"/>.</summary>
    public AddingModel(AddingConfig config) : base("AddingModel")
    {
        rnn = new RecurrentStack(new RecurrentSpec(config.Cell, 2, config.Hidden, Activation: config.Activation));
        readout = nn.Linear(config.Hidden, 1);
        RegisterComponents();
    }

    /// <summary>The recurrent layer (registered as <c>rnn</c>).</summary>
    public RecurrentStack Rnn => rnn;

    /// <summary>Predicts the sum for time-major input [T, B, 2]; returns [B].</summary>
    public override Tensor forward(Tensor input) => readout.call(Rnn.call(input, null)[-1]).squeeze(-1);

    /// <summary>The pruned group of the reference: input and recurrent matrices and the readout weight.</summary>
    public IEnumerable<(string Name, Parameter Weight)> PrunedWeights() =>
        named_parameters().Where(p => p.name == "readout.weight" || p.name.Contains(".weight_", StringComparison.Ordinal));
}

/// <summary>
/// Trains <see cref="AddingModel"/> on a fixed training set with moduli regularization and gradual pruning, and reports
/// MSE on a held-out test set (against the 0.167 constant baseline).
/// </summary>
public sealed class AddingExperiment : SparseRnnExperiment
{
    readonly AddingConfig config;
    readonly AddingModel model;
    readonly AddingData train, test;
    readonly Generator shuffle;
    Tensor order;
    double epochLossSum;
    int epochLossCount;

    /// <summary>Draws the data and initialises the model from <c>config.Seed</c>.</summary>
    public AddingExperiment(AddingConfig config, Device device) : base(config, device)
    {
        this.config = config;
        random.manual_seed(config.Seed);
        using (var data = new Generator((ulong)config.Seed, CPU))
        {
            train = Move(AddingProblem.Generate(config.TrainSamples, config.SequenceLength, data));
            test = Move(AddingProblem.Generate(config.TestSamples, config.SequenceLength, data));
        }
        shuffle = new Generator((ulong)config.Seed + 1, CPU);
        model = new AddingModel(config);
        model.to(device);
        var penalized = model.Rnn.RecurrentWeights().Select(w => new PenalizedWeight("rnn." + w.Name, w.Weight, model.Rnn.Gates)).ToList();
        Initialize(model, model.PrunedWeights().ToList(), penalized, new Dictionary<string, Generator> { ["shuffle"] = shuffle });
        order = arange(train.Count);
        StepsPerEpoch = (int)((train.Count + config.BatchSize - 1) / config.BatchSize);
    }

    /// <inheritdoc/>
    public override string Name => "adding";
    /// <inheritdoc/>
    public override int StepsPerEpoch { get; }
    /// <inheritdoc/>
    public override double? ClipNorm => config.Clip > 0 ? config.Clip : null;

    /// <inheritdoc/>
    protected override OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, config.Lr);

    /// <inheritdoc/>
    protected override nn.Module CreateFreshModel() => new AddingModel(config);

    /// <inheritdoc/>
    protected override void OnBeginEpoch(int epoch)
    {
        order.Dispose();
        order = randperm(train.Count, generator: shuffle);
        epochLossSum = 0;
        epochLossCount = 0;
    }

    /// <inheritdoc/>
    public override (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        long start = step % StepsPerEpoch * config.BatchSize;
        var index = order.narrow(0, start, Math.Min(config.BatchSize, train.Count - start)).to(Device);
        var mse = nn.functional.mse_loss(model.call(train.Inputs[index].transpose(0, 1)), train.Targets[index]);
        epochLossSum += mse.item<float>();
        epochLossCount++;
        return (Regularized(mse), new Dictionary<string, double>());
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var metrics = SparsityMetrics(epoch, model.Rnn.RecurrentWeights().Select(w => (Tensor)w.Weight));
        metrics["train_mse"] = epochLossSum / Math.Max(1, epochLossCount);
        metrics["test_mse"] = TestMse();
        return metrics;
    }

    /// <inheritdoc/>
    protected override Dictionary<string, double> Summary() => new()
    {
        ["test_mse"] = TestMse(),
        ["constant_baseline_mse"] = AddingProblem.ConstantBaselineMse,
        ["parameters"] = model.named_parameters().Where(p => !p.name.StartsWith("moduli", StringComparison.Ordinal)).Sum(p => p.parameter.numel()),
        ["sparsity"] = Pruner?.Sparsity() ?? 0,
    };

    /// <inheritdoc/>
    public override void WriteFigures(string figuresDir)
    {
        using var _ = no_grad();
        model.eval();
        int n = (int)Math.Min(500, test.Count);
        var prediction = model.call(test.Inputs.narrow(0, 0, n).transpose(0, 1)).cpu().data<float>().Select(v => (double)v).ToArray();
        var target = test.Targets.narrow(0, 0, n).cpu().data<float>().Select(v => (double)v).ToArray();
        Figures.Scatter(Path.Combine(figuresDir, "test-predictions.png"), "Held-out test set: prediction vs target",
            "target (sum of the two marked values)", "prediction", target, prediction, diagonal: true);
        if (config.Cell == CellKind.Elman)
            Figures.OrderedMatrix(Path.Combine(figuresDir, "recurrent-weights-ordered.png"),
                $"|W_hh| ordered along the {Regularizer?.Space?.Name ?? "index"}", model.Rnn.RecurrentWeights().First().Weight.abs(), NeuronOrder(config.Hidden));
    }

    double TestMse()
    {
        using var _ = no_grad();
        model.eval();
        return nn.functional.mse_loss(model.call(test.Inputs.transpose(0, 1)), test.Targets).item<float>();
    }

    AddingData Move(AddingData d) => new(d.Inputs.to(Device), d.Targets.to(Device));

    /// <inheritdoc/>
    public override void Dispose()
    {
        order.Dispose();
        base.Dispose();
    }
}
