using System.Text.Json.Nodes;
using Parsimony.Experiments;
using Parsimony.Runs;
using Parsimony.Tests.Fakes;
using Parsimony.Training;

namespace Parsimony.Tests.Training;

/// <summary>The trainer, tested with the fake regression jobs (not with an experiment).</summary>
public class TrainerTests
{
    static readonly RegressionConfig Tiny = new() { Device = DeviceChoice.Cpu };

    static RunFolder NewRun(RegressionConfig config) => RunFolder.Create(Path.Combine(TestPaths.TempDir(), "run"), "train fake-regression", config, "cpu");

    static bool Train(RunFolder run, ITrainingJob job, TrainerOptions? options = null) =>
        new Trainer(run, options ?? new TrainerOptions(LogEvery: 3), new SilentObserver()).Fit(job);

    static bool Train(RunFolder run, RegressionConfig config, long? stopAfter = null)
    {
        using var job = new AutogradRegressionJob(config);
        return Train(run, job, new TrainerOptions(LogEvery: 3, StopAfterSteps: stopAfter));
    }

    [Fact]
    public void AFinishedRunHasTheWholeContract()
    {
        var run = NewRun(Tiny);
        using var job = new AutogradRegressionJob(Tiny);
        var summary = JobRunner.Run(job, run, new SilentObserver())!;
        Assert.True(run.IsFinished);
        foreach (var f in new[] { run.ConfigPath, run.MetricsPath, run.ModelPath, run.ReportPath, Path.Combine(run.FiguresDir, "fit.json"), Path.Combine(run.FiguresDir, "fit.png") })
            Assert.True(File.Exists(f), f);
        Assert.NotNull(Checkpoints.Latest(run));
        Assert.True((double)summary["mse"]! < 0.05, $"mse {summary["mse"]}");
        Assert.Equal(["bias", "weight"], SafeTensors.Load(run.ModelPath).Keys.Order());
        var config = run.ReadConfig();
        Assert.Equal("train fake-regression", (string?)config["command"]);
        Assert.Equal(64, (int)config["options"]!["samples"]!);
    }

    [Fact]
    public void SameSeedSameBits()
    {
        var (a, b) = (NewRun(Tiny), NewRun(Tiny));
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
        Assert.False(Train(split, Tiny, stopAfter: 4 + 4 + 3));   // 4 steps per epoch: stops 3 steps into epoch 2
        Assert.False(File.Exists(split.ModelPath));
        Assert.True(Train(split, Tiny));                             // resumes from the epoch-1 checkpoint
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));
        Assert.Equal(whole.ReadMetrics().Select(m => m.ToJsonString()), split.ReadMetrics().Select(m => m.ToJsonString()));
    }

    [Fact]
    public void NonFiniteLossStopsWithCheckpoint()
    {
        var run = NewRun(Tiny);
        using var job = new AutogradRegressionJob(Tiny with { PoisonFrom = 5 });
        var e = Assert.Throws<TrainingDivergedException>(() => Train(run, job, new TrainerOptions()));
        Assert.Contains("step 6", e.Message);
        Assert.Single(Directory.GetDirectories(run.CheckpointsDir, "diverged-*"));
        Assert.False(run.IsFinished);

        // Resuming would repeat the same steps from the last epoch checkpoint and diverge again: it is refused, with what to change.
        using var again = new AutogradRegressionJob(Tiny with { PoisonFrom = 5 });
        var resumed = Assert.Throws<TrainingDivergedException>(() => Train(run, again, new TrainerOptions()));
        Assert.Contains("This run diverged: the loss became NaN or Inf after step 5", resumed.Message);
        Assert.Contains("start a new run with a lower learning rate", resumed.Message);
    }

    [Fact]
    public void AResumeAfterAStopBeforeTheFirstCheckpointLogsEveryLineOnce()
    {
        var whole = NewRun(Tiny);
        Train(whole, Tiny);
        var split = NewRun(Tiny);
        using (var job = new AutogradRegressionJob(Tiny))
            Assert.False(Train(split, job, new TrainerOptions(LogEvery: 1, StopAfterSteps: 3)));   // three lines, no checkpoint yet
        Assert.Equal(3, split.ReadMetrics().Count);
        Assert.True(Train(split, Tiny));
        Assert.Equal(whole.ReadMetrics().Select(m => m.ToJsonString()), split.ReadMetrics().Select(m => m.ToJsonString()));
    }

    [Fact]
    public void ReadingTheLossEveryFewStepsChangesNoBits()
    {
        // The GPU setting (read the loss every few steps, sum the rest on the device) forced on the CPU.
        var (every, few) = (NewRun(Tiny), NewRun(Tiny));
        Train(every, Tiny);
        using (var job = new AutogradRegressionJob(Tiny)) Train(few, job, new TrainerOptions(LogEvery: 3, CheckEvery: 4));
        Assert.Equal(File.ReadAllBytes(every.ModelPath), File.ReadAllBytes(few.ModelPath));
        Assert.Equal(every.ReadMetrics().Select(m => m.ToJsonString()), few.ReadMetrics().Select(m => m.ToJsonString()));
    }

    [Fact]
    public void NonFiniteLossBetweenChecksNamesTheStepsAndTheLastGoodCheckpoint()
    {
        var run = NewRun(Tiny);
        using var job = new AutogradRegressionJob(Tiny with { PoisonFrom = 4 + 5 });   // 4 steps per epoch: epochs 1 and 2 are good
        var options = new TrainerOptions(LogEvery: 50, CheckEvery: 3);               // reads at steps 3, 4 (epoch end), 6, 8, 9, 12
        var e = Assert.Throws<TrainingDivergedException>(() => Train(run, job, options));
        Assert.Contains("between steps 10 and 11", e.Message);
        Assert.Contains("epoch checkpoint", e.Message);
        Assert.Empty(Directory.GetDirectories(run.CheckpointsDir, "diverged-*"));   // the state after the bad updates is not kept
    }

    [Fact]
    public void AHandWrittenGradientTrainsLikeAutograd()
    {
        var (auto, manual) = (NewRun(Tiny), NewRun(Tiny));
        using (var job = new AutogradRegressionJob(Tiny)) Assert.True(Train(auto, job));
        using (var job = new ManualRegressionJob(Tiny)) Assert.True(Train(manual, job));
        var (a, m) = (SafeTensors.Load(auto.ModelPath), SafeTensors.Load(manual.ModelPath));
        foreach (var name in new[] { "weight", "bias" })
            Assert.True(a[name].allclose(m[name], rtol: 1e-4, atol: 1e-5), $"{name}: {a[name].ToString(TorchSharp.TensorStringStyle.Julia)} vs {m[name].ToString(TorchSharp.TensorStringStyle.Julia)}");
        Assert.Equal(auto.ReadMetrics().Count, manual.ReadMetrics().Count);
    }

    [Fact]
    public void AHandWrittenGradientResumesExactlyAndStopsOnNaN()
    {
        var whole = NewRun(Tiny);
        using (var job = new ManualRegressionJob(Tiny)) Train(whole, job);
        var split = NewRun(Tiny);
        using (var job = new ManualRegressionJob(Tiny)) Assert.False(Train(split, job, new TrainerOptions(LogEvery: 3, StopAfterSteps: 6)));
        using (var job = new ManualRegressionJob(Tiny)) Assert.True(Train(split, job));
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));

        using var bad = new ManualRegressionJob(Tiny with { PoisonFrom = 2 });
        Assert.Contains("step 3", Assert.Throws<TrainingDivergedException>(() => Train(NewRun(Tiny), bad)).Message);
    }

    [Fact]
    public void StepTimingRunsExactlyTheTrainersSteps()
    {
        using var timed = new AutogradRegressionJob(Tiny);
        timed.BeginEpoch(0);
        double ms = StepTiming.MeanMilliseconds(timed, warmup: 1, iterations: 2, checkEvery: 1);
        Assert.True(ms > 0 && double.IsFinite(ms));

        using var trained = new AutogradRegressionJob(Tiny);
        Assert.False(Train(NewRun(Tiny), trained, new TrainerOptions(StopAfterSteps: 3)));
        var (a, b) = (timed.State.Model.state_dict(), trained.State.Model.state_dict());
        Assert.Equal(b.Keys, a.Keys);
        foreach (var (name, t) in b) Assert.True(a[name].equal(t).all().item<bool>(), name);   // the first 3 steps of epoch 0 each, same bits
    }

    [Fact]
    public void StepTimingStopsOnANonFiniteLoss()
    {
        using var job = new AutogradRegressionJob(Tiny with { PoisonFrom = 3 });
        Assert.Throws<ParsimonyException>(() => StepTiming.MeanMilliseconds(job, warmup: 1, iterations: 5, checkEvery: 2));
    }
}
