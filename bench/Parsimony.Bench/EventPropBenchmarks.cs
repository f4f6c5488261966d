using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Parsimony.Experiments.EventProp;
using Parsimony.Spiking;
using Parsimony.Training;

namespace Parsimony.Bench;

/// <summary>
/// One Yin-Yang training epoch of EventProp (5,000 samples: exact forward, adjoint, Adam — the trainer's own step),
/// at the paper's 5-200-3 and scaled hidden sizes; the in-run baseline is the forward pass alone over the same samples.
/// Spikes per epoch are printed by <see cref="Setup"/> so throughput per spike can be derived.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessEpochs))]
public class EventPropBenchmarks
{
    EventPropJob job = null!;
    TrainingStep step = null!;
    YinYangTask task = null!;

    /// <summary>Hidden LIF neurons.</summary>
    [Params(100, 200, 400)]
    public int Hidden { get; set; }

    /// <summary>Builds the job at its initial weights.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var config = new YinYangEventPropConfig { Hidden = Hidden, Epochs = 1, Device = DeviceChoice.Cpu };
        task = new YinYangTask(config);
        job = new EventPropJob(config, task, "bench");
        step = new TrainingStep(job, 1);
        var weights = new NetworkWeights(job.Network.Layers);
        ((Parsimony.Models.Spiking.SpikingWeights)job.State.Model).CopyTo(weights);
        long spikes = Enumerable.Range(0, task.Count(DataSplit.Train)).Sum(i => (long)job.Network.Forward(weights, task.Input(DataSplit.Train, i)).TotalSpikes);
        Console.WriteLine($"// hidden {Hidden}: {spikes} network spikes per epoch at the initial weights ({spikes / 5000.0:F1} per sample)");
    }

    /// <summary>Cleans up.</summary>
    [GlobalCleanup]
    public void Cleanup() { step.Dispose(); job.Dispose(); }

    /// <summary>The forward pass of every training sample (no adjoint, no update).</summary>
    [Benchmark(Baseline = true)]
    public int ForwardOnly()
    {
        var weights = new NetworkWeights(job.Network.Layers);
        ((Parsimony.Models.Spiking.SpikingWeights)job.State.Model).CopyTo(weights);
        int total = 0;
        Parallel.For(0, task.Count(DataSplit.Train), () => 0, (i, _, sum) => sum + job.Network.Forward(weights, task.Input(DataSplit.Train, i)).TotalSpikes,
                     sum => Interlocked.Add(ref total, sum));
        return total;
    }

    /// <summary>One training epoch: every mini-batch's forward, adjoint and Adam step.</summary>
    [Benchmark]
    public double TrainingEpoch()
    {
        job.BeginEpoch(0);
        double loss = 0;
        for (int s = 0; s < job.StepsPerEpoch; s++) loss += step.Run(s).Loss;
        return loss;
    }
}

/// <summary>
/// Runs in the benchmark's own process (a generated project would lack the host's libtorch): 1 warm-up and 5 measured
/// epochs, with up to an hour per benchmark (the surrogate baseline at dt = 0.1 ms takes about a minute per epoch).
/// </summary>
public sealed class InProcessEpochs : ManualConfig
{
    /// <summary>The job.</summary>
    public InProcessEpochs() => AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
}
