using System.Text.Json.Nodes;
using Parsimony.Models.Rnn;
using Parsimony.Reports;
using Parsimony.Runs;
using Parsimony.Tasks.Adding;
using Parsimony.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Adding;

/// <summary>The adding-problem model: a recurrent stack read out linearly from its last hidden state.</summary>
public sealed class AddingModel : nn.Module<Tensor, Tensor>
{
    readonly RecurrentStack rnn;
    readonly Linear readout;

    /// <summary>Builds the model for <paramref name="config"/>.</summary>
    public AddingModel(AddingConfig config) : base("AddingModel")
    {
        rnn = new RecurrentStack(new RecurrentSpec(config.Cell, 2, config.Hidden, Activation: config.Activation));
        readout = nn.Linear(config.Hidden, 1);
        RegisterComponents();
    }

    /// <summary>Predicts the sum for time-major input [T, B, 2]; returns [B].</summary>
    public override Tensor forward(Tensor input) => readout.call(rnn.call(input, null)[-1]).squeeze(-1);
}

/// <summary>Trains <see cref="AddingModel"/> on a fixed training set and reports MSE on a held-out test set.</summary>
public sealed class AddingExperiment : ITrainable
{
    readonly AddingConfig config;
    readonly AddingModel model;
    readonly AddingData train, test;
    readonly Generator shuffle;
    readonly Device device;
    Tensor order;
    double epochLossSum;
    int epochLossCount;
    double lastTestMse = double.NaN;

    /// <summary>Draws the data and initialises the model from <c>config.Seed</c>.</summary>
    public AddingExperiment(AddingConfig config, Device device)
    {
        config.Validate();
        this.config = config;
        this.device = device;
        random.manual_seed(config.Seed);
        using (var data = new Generator((ulong)config.Seed, CPU))
        {
            train = Move(AddingProblem.Generate(config.TrainSamples, config.SequenceLength, data));
            test = Move(AddingProblem.Generate(config.TestSamples, config.SequenceLength, data));
        }
        shuffle = new Generator((ulong)config.Seed + 1, CPU);
        model = new AddingModel(config);
        model.to(device);
        State = new TrainingState(model, optim.Adam(model.parameters(), config.Lr), new Dictionary<string, Generator> { ["shuffle"] = shuffle });
        order = arange(train.Count);
        StepsPerEpoch = (int)((train.Count + config.BatchSize - 1) / config.BatchSize);
    }

    /// <inheritdoc/>
    public string Name => "adding";
    /// <inheritdoc/>
    public int Epochs => config.Epochs;
    /// <inheritdoc/>
    public int StepsPerEpoch { get; }
    /// <inheritdoc/>
    public double? ClipNorm => config.Clip > 0 ? config.Clip : null;
    /// <inheritdoc/>
    public TrainingState State { get; }

    /// <inheritdoc/>
    public void BeginEpoch(int epoch)
    {
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
        var loss = nn.functional.mse_loss(model.call(train.Inputs[index].transpose(0, 1)), train.Targets[index]);
        epochLossSum += loss.item<float>();
        epochLossCount++;
        return (loss, new Dictionary<string, double>());
    }

    /// <inheritdoc/>
    public void AfterBackward() { }
    /// <inheritdoc/>
    public void AfterStep() { }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> EndEpoch(int epoch)
    {
        lastTestMse = TestMse();
        return new Dictionary<string, double> { ["train_mse"] = epochLossSum / Math.Max(1, epochLossCount), ["test_mse"] = lastTestMse };
    }

    /// <inheritdoc/>
    public JsonObject SaveExtra() => new() { ["test_mse"] = lastTestMse };
    /// <inheritdoc/>
    public void LoadExtra(JsonObject extra) => lastTestMse = (double?)extra["test_mse"] ?? double.NaN;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Summarize() => new Dictionary<string, double>
    {
        ["test_mse"] = TestMse(),
        ["constant_baseline_mse"] = AddingProblem.ConstantBaselineMse,
        ["parameters"] = model.parameters().Sum(p => p.numel()),
    };

    /// <inheritdoc/>
    public void WriteFigures(string figuresDir)
    {
        using var _ = no_grad();
        model.eval();
        int n = (int)Math.Min(500, test.Count);
        var prediction = model.call(test.Inputs.narrow(0, 0, n).transpose(0, 1)).cpu().data<float>().Select(v => (double)v).ToArray();
        var target = test.Targets.narrow(0, 0, n).cpu().data<float>().Select(v => (double)v).ToArray();
        Figures.Scatter(Path.Combine(figuresDir, "test-predictions.png"), "Held-out test set: prediction vs target",
            "target (sum of the two marked values)", "prediction", target, prediction, diagonal: true);
    }

    double TestMse()
    {
        using var _ = no_grad();
        model.eval();
        return nn.functional.mse_loss(model.call(test.Inputs.transpose(0, 1)), test.Targets).item<float>();
    }

    AddingData Move(AddingData d) => new(d.Inputs.to(device), d.Targets.to(device));

    /// <inheritdoc/>
    public void Dispose()
    {
        model.Dispose();
        shuffle.Dispose();
        order.Dispose();
    }
}
