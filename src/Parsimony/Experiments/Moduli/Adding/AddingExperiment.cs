using System.Text.Json.Nodes;
using Parsimony.Models.Rnn;
using Parsimony.Runs;
using Parsimony.Tasks.Adding;
using Parsimony.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Moduli.Adding;

/// <summary>
/// The adding problem as in the moduli paper's code (spec moduli.md §3.3): a <see cref="LastStepRegressor"/> trained on
/// a fixed training set with moduli regularization and gradual pruning (<see cref="ModuliTraining"/>), reporting MSE on
/// a held-out test set against the 0.167 constant baseline.
/// </summary>
public sealed class AddingExperiment : IAutogradJob
{
    readonly AddingConfig config;
    readonly Device device;
    readonly LastStepRegressor model;
    readonly ModuliTraining moduli;
    readonly AddingData train, test;
    readonly RngStreams rng = new();
    readonly Generator shuffle;
    Tensor order;
    double epochLossSum;
    int epochLossCount;

    /// <summary>Draws the data and initialises the model from <c>config.Seed</c>.</summary>
    public AddingExperiment(AddingConfig config, ComputeContext context)
    {
        config.Validate();
        this.config = config;
        device = context.Device;
        using (var data = new Generator((ulong)config.Seed, CPU))
        {
            train = Move(AddingProblem.Generate(config.TrainSamples, config.SequenceLength, data));
            test = Move(AddingProblem.Generate(config.TestSamples, config.SequenceLength, data));
        }
        shuffle = rng.Add("shuffle", (ulong)config.Seed + 1);
        model = RngStreams.Seeded(config.Seed, NewModel);
        model.to(device);
        moduli = new ModuliTraining(config, model, model.PrunedWeights(), [model.RecurrentRef], NewModel);
        State = new TrainingState(model, CreateOptimizer(), rng);
        order = arange(train.Count);
        StepsPerEpoch = (int)((train.Count + config.BatchSize - 1) / config.BatchSize);
    }

    LastStepRegressor NewModel() => new(config.Cell, 2, config.Hidden, config.Activation);

    OptimizerHelper CreateOptimizer() => optim.Adam(model.parameters(), config.Lr);

    /// <inheritdoc/>
    public string Name => "adding";
    /// <inheritdoc/>
    public int Epochs => moduli.Plan.TotalEpochs;
    /// <inheritdoc/>
    public int StepsPerEpoch { get; }
    /// <inheritdoc/>
    public double? ClipNorm => config.Clip > 0 ? config.Clip : null;
    /// <inheritdoc/>
    public TrainingState State { get; private set; }

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
        moduli.BeginEpoch(epoch, Summary, () => State = State with { Optimizer = CreateOptimizer() });
        order.Dispose();
        order = randperm(train.Count, generator: shuffle);
        epochLossSum = 0;
        epochLossCount = 0;
    }

    /// <inheritdoc/>
    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        model.train();
        long start = step % StepsPerEpoch * config.BatchSize;
        var index = order.narrow(0, start, Math.Min(config.BatchSize, train.Count - start)).to(device);
        var mse = nn.functional.mse_loss(model.call(train.Inputs[index].transpose(0, 1)), train.Targets[index]);
        epochLossSum += mse.item<float>();
        epochLossCount++;
        return (moduli.Regularized(mse), new Dictionary<string, double>());
    }

    /// <inheritdoc/>
    public void AfterBackward() => moduli.AfterBackward();

    /// <inheritdoc/>
    public void AfterStep() => moduli.AfterStep();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        var metrics = moduli.Metrics(epoch, [model.Rnn.RecurrentWeight(0)]);
        metrics["train_mse"] = epochLossSum / Math.Max(1, epochLossCount);
        metrics["test_mse"] = TestMse();
        return metrics;
    }

    Dictionary<string, double> Summary() => new()
    {
        ["test_mse"] = TestMse(),
        ["constant_baseline_mse"] = AddingProblem.ConstantBaselineMse,
        ["parameters"] = model.parameters().Sum(p => p.numel()) - (moduli.Regularizer?.parameters().Sum(p => p.numel()) ?? 0),
        ["sparsity"] = moduli.Pruner?.Sparsity() ?? 0,
    };

    /// <inheritdoc/>
    public JsonObject Summarize() => JobOutput.ToJson(moduli.Complete(Summary()));

    /// <inheritdoc/>
    public IEnumerable<NamedFigure> Figures()
    {
        using var _ = no_grad();
        model.eval();
        int n = (int)Math.Min(500, test.Count);
        var prediction = model.call(test.Inputs.narrow(0, 0, n).transpose(0, 1)).cpu().data<float>().Select(v => (double)v).ToArray();
        var target = test.Targets.narrow(0, 0, n).cpu().data<float>().Select(v => (double)v).ToArray();
        yield return new NamedFigure("test-predictions", new ScatterFigure("Held-out test set: prediction vs target",
            "target (sum of the two marked values)", "prediction", target, prediction, Diagonal: true)
        {
            Caption = $"The network's answer against the true sum for {n} held-out test sequences; a perfect model puts every point on the dashed line y = x. " +
                      "Always answering the mean (1) gives MSE 1/6.",
        });
        if (config.Cell == CellKind.Elman)
            yield return JobOutput.OrderedMatrixFigure("recurrent-weights-ordered", $"|W_hh| at the end, ordered along the {moduli.OrderName}",
                model.Rnn.RecurrentWeight(0).abs(), moduli.NeuronOrder(config.Hidden), JobOutput.TrainedMatrixCaption(moduli.OrderName));
        foreach (var figure in moduli.Figures("recurrent matrix W_hh")) yield return figure;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => moduli.Notes();

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common().Merge(ModuliTraining.Glossary())
        .Add("loss", "Training loss of the logged step: mean squared error of the batch plus the moduli penalty.")
        .Add("test_mse", "Mean squared error of the predicted sum on the held-out test sequences (the reference has no test set and reports training MSE).")
        .Add("train_mse", "Mean squared error over the epoch's training batches (without the penalty).")
        .Add("constant_baseline_mse", "MSE of always predicting the mean target 1: Var(U₁ + U₂) = 2/12 — a model must beat it to have learned anything.")
        .Add("parameters", "Trained parameters of the task model (masks and a fixed embedding excluded).");

    double TestMse()
    {
        using var _ = no_grad();
        model.eval();
        return nn.functional.mse_loss(model.call(test.Inputs.transpose(0, 1)), test.Targets).item<float>();
    }

    AddingData Move(AddingData d) => new(d.Inputs.to(device), d.Targets.to(device));

    /// <inheritdoc/>
    public JsonObject SaveExtra() => moduli.Save();

    /// <inheritdoc/>
    public void LoadExtra(JsonObject extra) => moduli.Load(extra);

    /// <inheritdoc/>
    public void Dispose()
    {
        order.Dispose();
        State.Optimizer.Dispose();
        model.Dispose();
        rng.Dispose();
    }
}
