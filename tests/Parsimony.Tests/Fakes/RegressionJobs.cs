using System.ComponentModel;
using System.Text.Json.Nodes;
using Parsimony.Experiments;
using Parsimony.Runs;
using Parsimony.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Tests.Fakes;

/// <summary>Options of the fake regression jobs: y = X·w* + b* + noise, fitted by a linear layer.</summary>
public sealed record RegressionConfig : TrainConfig
{
    [Description("Samples.")] public int Samples { get; init; } = 64;
    [Description("Features.")] public int Features { get; init; } = 3;
    [Description("Minibatch size.")] public int BatchSize { get; init; } = 16;
    [Description("Epochs.")] public int Epochs { get; init; } = 4;
    [Description("SGD learning rate.")] public double Lr { get; init; } = 0.1;
    [Description("Make the loss NaN from this step on (-1: never).")] public long PoisonFrom { get; init; } = -1;

    public override void Validate()
    {
        Rules.Positive(Samples, nameof(Samples));
        Rules.Positive(Features, nameof(Features));
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Positive(Epochs, nameof(Epochs));
        Rules.Positive(Lr, nameof(Lr));
    }
}

/// <summary>
/// A least-squares regression trained with SGD over shuffled minibatches — the smallest real training job. Subclasses
/// differ only in who computes the gradient of the mean squared error.
/// </summary>
public abstract class RegressionJob : ITrainingJob
{
    protected readonly RegressionConfig Config;
    protected readonly Linear Model;
    protected readonly Tensor X, Y;
    readonly RngStreams rng = new();
    readonly Generator shuffle;
    Tensor order;
    double epochLoss;

    protected RegressionJob(RegressionConfig config)
    {
        config.Validate();
        Config = config;
        using (var data = new Generator((ulong)config.Seed, CPU))
        {
            X = randn([config.Samples, config.Features], generator: data);
            var w = arange(1, config.Features + 1, dtype: ScalarType.Float32);
            Y = X.matmul(w) + 0.5f + 0.01f * randn([config.Samples], generator: data);
        }
        Model = RngStreams.Seeded(config.Seed, () => nn.Linear(config.Features, 1));
        shuffle = rng.Add("shuffle", (ulong)config.Seed + 7);
        order = arange(config.Samples);
        State = new TrainingState(Model, optim.SGD(Model.parameters(), config.Lr), rng);
    }

    public abstract string Name { get; }
    public int Epochs => Config.Epochs;
    public int StepsPerEpoch => (Config.Samples + Config.BatchSize - 1) / Config.BatchSize;
    public double? ClipNorm => null;
    public TrainingState State { get; }

    public void BeginEpoch(int epoch)
    {
        order.Dispose();
        order = randperm(Config.Samples, generator: shuffle);
        epochLoss = 0;
    }

    /// <summary>The minibatch of <paramref name="step"/>.</summary>
    protected (Tensor X, Tensor Y) Batch(long step)
    {
        long start = step % StepsPerEpoch * Config.BatchSize;
        var index = order.narrow(0, start, Math.Min(Config.BatchSize, Config.Samples - start));
        return (X[index], Y[index]);
    }

    protected double Poisoned(long step, double loss) => Config.PoisonFrom >= 0 && step >= Config.PoisonFrom ? double.NaN : loss;

    protected void Count(double loss) => epochLoss += loss;

    public IReadOnlyDictionary<string, double> EndEpoch(int epoch) => new Dictionary<string, double> { ["mse"] = Mse(), ["train_mse"] = epochLoss / StepsPerEpoch };

    double Mse()
    {
        using var _ = no_grad();
        return nn.functional.mse_loss(Model.call(X).squeeze(1), Y).item<float>();
    }

    public JsonObject SaveExtra() => new() { ["epoch_loss"] = epochLoss };
    public void LoadExtra(JsonObject extra) => epochLoss = (double)extra["epoch_loss"]!;

    public JsonObject Summarize() => new() { ["mse"] = Mse(), ["bias"] = Model.bias!.item<float>() };

    public Glossary Glossary() => JobOutput.Common()
        .Add("loss", "Mean squared error of the batch.").Add("mse", "Mean squared error over all samples.").Add("train_mse", "Mean batch MSE of the epoch.")
        .Add("bias", "The fitted intercept (true value 0.5).");

    public IEnumerable<NamedFigure> Figures()
    {
        using var _ = no_grad();
        yield return new NamedFigure("fit", new ScatterFigure("Fit", "target", "prediction",
            Y.to(ScalarType.Float64).data<double>().ToArray(), Model.call(X).squeeze(1).to(ScalarType.Float64).data<double>().ToArray(), Diagonal: true)
        { Caption = "Predictions against targets; a perfect fit lies on the diagonal." });
    }

    public void Dispose()
    {
        order.Dispose();
        X.Dispose();
        Y.Dispose();
        State.Optimizer.Dispose();
        Model.Dispose();
        rng.Dispose();
    }
}

/// <summary>The regression with autograd's gradient.</summary>
public sealed class AutogradRegressionJob(RegressionConfig config) : RegressionJob(config), IAutogradJob
{
    public override string Name => "fake-regression";

    public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
    {
        var (x, y) = Batch(step);
        var loss = nn.functional.mse_loss(Model.call(x).squeeze(1), y);
        Count(loss.item<float>());
        return (Config.PoisonFrom >= 0 && step >= Config.PoisonFrom ? loss * double.NaN : loss, new Dictionary<string, double>());
    }
}

/// <summary>The regression with its gradient written by hand: ∂/∂w mean((x·w + b − y)²) = 2/n Xᵀr, ∂/∂b = 2/n Σ r.</summary>
public sealed class ManualRegressionJob(RegressionConfig config) : RegressionJob(config), IGradientJob
{
    public override string Name => "fake-regression-manual";

    public (double Loss, IReadOnlyDictionary<string, double> Metrics) Gradients(long step)
    {
        using var _ = no_grad();
        var (x, y) = Batch(step);
        var residual = x.matmul(Model.weight!.squeeze(0)) + Model.bias! - y;
        long n = x.shape[0];
        Model.weight!.grad = (2.0 / n * residual.matmul(x)).unsqueeze(0);
        Model.bias!.grad = (2.0 / n * residual.sum()).unsqueeze(0);
        double loss = residual.square().mean().item<float>();
        Count(loss);
        return (Poisoned(step, loss), new Dictionary<string, double>());
    }
}

/// <summary>Registry entries of the fake jobs (one line each, as every real experiment has).</summary>
public static class FakeEntries
{
    public static readonly ExperimentEntry Regression = ExperimentEntry.Of<RegressionConfig>("train fake-regression",
        "A fake regression trained by autograd.", (c, _) => new AutogradRegressionJob(c));
    public static readonly ExperimentEntry ManualRegression = ExperimentEntry.Of<RegressionConfig>("train fake-regression-manual",
        "A fake regression trained with a hand-written gradient.", (c, _) => new ManualRegressionJob(c));
    public static readonly ExperimentEntry MonteCarlo = ExperimentEntry.Of<MonteCarloConfig>("run fake-montecarlo",
        "A fake Monte-Carlo estimate of π (an untrained job).", (c, _) => new MonteCarloJob(c));

    /// <summary>The default registry with the three fakes added.</summary>
    public static ExperimentRegistry Registry { get; } = ExperimentRegistry.Default.With(Regression, ManualRegression, MonteCarlo);
}
