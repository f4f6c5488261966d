using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Experiments.Adding;
using Parsimony.Runs;
using Parsimony.Training;
using static TorchSharp.torch;

namespace Parsimony.Tests.Training;

public class TrainerTests
{
    internal static readonly AddingConfig Tiny = new()
    {
        SequenceLength = 8, TrainSamples = 256, TestSamples = 64, Hidden = 16, Epochs = 4, Lr = 1e-3, TargetSparsity = 0.5, Device = DeviceChoice.Cpu,
    };

    internal static RunFolder NewRun(AddingConfig config)
    {
        var run = RunFolder.CreateNew(Path.Combine(TestPaths.TempDir(), "run"), "adding");
        run.WriteConfig(new JsonObject { ["command"] = "train adding", ["options"] = JsonSerializer.SerializeToNode(config, Json.Options) });
        return run;
    }

    static JsonObject Train(RunFolder run, AddingConfig config, long? stopAfter = null)
    {
        using var job = new AddingExperiment(config, CPU);
        return new Trainer(run, new TrainerOptions(LogEvery: 3, StopAfterSteps: stopAfter), new SilentObserver()).Fit(job)!;
    }

    [Fact]
    public void FinishedRunHasTheWholeContract()
    {
        var run = NewRun(Tiny);
        var summary = Train(run, Tiny);
        Assert.True(run.IsFinished);
        foreach (var f in new[] { run.ConfigPath, run.MetricsPath, run.ModelPath, run.ReportPath, Path.Combine(run.FiguresDir, "test-predictions.png") })
            Assert.True(File.Exists(f), f);
        Assert.NotNull(Checkpoints.Latest(run));
        Assert.True((double)summary["test_mse"]! < 1.0);
        Assert.Contains("rnn.rnn.weight_hh_l0", SafeTensors.Load(run.ModelPath).Keys);
    }

    [Fact]
    public void SameSeedSameBits()
    {
        var a = NewRun(Tiny);
        var b = NewRun(Tiny);
        Train(a, Tiny);
        Train(b, Tiny);
        Assert.Equal(File.ReadAllBytes(a.ModelPath), File.ReadAllBytes(b.ModelPath));
    }

    [Fact]
    public void StoppedMidEpochAndResumedEqualsUninterrupted()
    {
        var whole = NewRun(Tiny);
        Train(whole, Tiny);

        var split = NewRun(Tiny);
        Assert.Null(Train(split, Tiny, stopAfter: 8 + 8 + 3));   // stops 3 steps into epoch 2
        Assert.False(split.IsFinished);
        Train(split, Tiny);                                        // resumes from the epoch-1 checkpoint
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));
        Assert.Equal(whole.ReadMetrics().Select(m => m.ToJsonString()), split.ReadMetrics().Select(m => m.ToJsonString()));
    }

    [Fact]
    public void NonFiniteLossStopsWithCheckpoint()
    {
        var run = NewRun(Tiny);
        using var job = new NaNAfter(new AddingExperiment(Tiny, CPU), 5);
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(run, new TrainerOptions(), new SilentObserver()).Fit(job));
        Assert.Contains("step 6", e.Message);
        Assert.Single(Directory.GetDirectories(run.CheckpointsDir, "diverged-*"));
        Assert.False(run.IsFinished);
    }

    [Fact]
    public void ReadingTheLossEveryFewStepsChangesNoBits()
    {
        // The GPU setting (read the loss every few steps, sum the rest on the device) forced on the CPU.
        var every = NewRun(Tiny);
        var few = NewRun(Tiny);
        Train(every, Tiny);
        using (var job = new AddingExperiment(Tiny, CPU))
            new Trainer(few, new TrainerOptions(LogEvery: 3, CheckEvery: 4), new SilentObserver()).Fit(job);
        Assert.Equal(File.ReadAllBytes(every.ModelPath), File.ReadAllBytes(few.ModelPath));
        Assert.Equal(every.ReadMetrics().Select(m => m.ToJsonString()), few.ReadMetrics().Select(m => m.ToJsonString()));
    }

    [Fact]
    public void NonFiniteLossBetweenChecksNamesTheStepsAndTheLastGoodCheckpoint()
    {
        var run = NewRun(Tiny);
        using var job = new NaNAfter(new AddingExperiment(Tiny, CPU), 8 + 5);   // 8 steps per epoch: epoch 1 is good
        var options = new TrainerOptions(LogEvery: 50, CheckEvery: 4);          // reads at steps 4, 8 (epoch end), 12, 16
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(run, options, new SilentObserver()).Fit(job));
        Assert.Contains("between steps 13 and 15", e.Message);
        Assert.Contains("epoch checkpoint", e.Message);
        Assert.Empty(Directory.GetDirectories(run.CheckpointsDir, "diverged-*"));   // the state after the bad updates is not kept
        Assert.False(run.IsFinished);
    }

    [Fact]
    public void StepTimingRunsExactlyTheTrainersSteps()
    {
        using var timed = new AddingExperiment(Tiny, CPU);
        timed.BeginEpoch(0);
        double ms = StepTiming.MeanMilliseconds(timed, warmup: 2, iterations: 3, checkEvery: 1);
        Assert.True(ms > 0 && double.IsFinite(ms));

        using var trained = new AddingExperiment(Tiny, CPU);
        Assert.Null(new Trainer(NewRun(Tiny), new TrainerOptions(StopAfterSteps: 5), new SilentObserver()).Fit(trained));
        var a = timed.State.Model.state_dict();
        var b = trained.State.Model.state_dict();
        Assert.Equal(b.Keys, a.Keys);
        foreach (var (name, t) in b) Assert.True(a[name].equal(t).all().item<bool>(), name);   // 5 steps each, same bits
    }

    [Fact]
    public void StepTimingStopsOnANonFiniteLoss()
    {
        using var job = new NaNAfter(new AddingExperiment(Tiny, CPU), 3);
        Assert.Throws<ParsimonyException>(() => StepTiming.MeanMilliseconds(job, warmup: 1, iterations: 5, checkEvery: 2));
    }

    /// <summary>Wraps an experiment and turns its loss into NaN from a given step on.</summary>
    sealed class NaNAfter(ITrainable inner, long badStep) : ITrainable
    {
        public string Name => inner.Name;
        public int Epochs => inner.Epochs;
        public int StepsPerEpoch => inner.StepsPerEpoch;
        public double? ClipNorm => inner.ClipNorm;
        public TrainingState State => inner.State;
        public void BeginEpoch(int epoch) => inner.BeginEpoch(epoch);
        public (Tensor Loss, IReadOnlyDictionary<string, double> Metrics) Loss(long step)
        {
            var (loss, m) = inner.Loss(step);
            return (step >= badStep ? loss * double.NaN : loss, m);
        }
        public void AfterBackward() => inner.AfterBackward();
        public void AfterStep() => inner.AfterStep();
        public IReadOnlyDictionary<string, double> EndEpoch(int epoch) => inner.EndEpoch(epoch);
        public JsonObject SaveExtra() => inner.SaveExtra();
        public void LoadExtra(JsonObject extra) => inner.LoadExtra(extra);
        public IReadOnlyDictionary<string, double> Summarize() => inner.Summarize();
        public void WriteFigures(string figuresDir) => inner.WriteFigures(figuresDir);
        public void Dispose() => inner.Dispose();
    }
}
