using BenchmarkDotNet.Attributes;
using Parsimony.Experiments.EventProp;
using Parsimony.Training;

namespace Parsimony.Bench;

/// <summary>
/// One training epoch of the 5-200-3 Yin-Yang network (320 samples = 10 mini-batches, so the slow baselines fit a benchmark) by each
/// trainer: exact event-driven EventProp (the in-run baseline), GeNN-style time-stepped EventProp at dt = 0.1 ms, and
/// the surrogate-gradient BPTT network in TorchSharp (snnTorch/Norse style) at dt = 1 and 0.1 ms — the same
/// initial weights, batches and Adam.
/// </summary>
[Config(typeof(InProcessEpochs))]
public class SpikingTrainerBenchmarks
{
    ITrainingJob job = null!;
    TrainingStep step = null!;

    /// <summary>The trainer and its grid step.</summary>
    [Params("exact", "time-stepped dt=0.1", "surrogate dt=1", "surrogate dt=0.1")]
    public string Trainer { get; set; } = "exact";

    /// <summary>Builds the job.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var parts = Trainer.Split(' ');
        var method = parts[0] switch { "exact" => SpikeTraining.Exact, "time-stepped" => SpikeTraining.TimeStepped, _ => SpikeTraining.Surrogate };
        double dt = parts.Length > 1 ? double.Parse(parts[1]["dt=".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0.1;
        var config = new YinYangEventPropConfig
        {
            Epochs = 1, TrainSamples = 320, Device = DeviceChoice.Cpu, Method = method, Dt = dt,
            Readout = method == SpikeTraining.Surrogate ? SpikeReadout.Vmax : SpikeReadout.Ttfs,
        };
        var task = new YinYangTask(config);
        job = method == SpikeTraining.Surrogate ? new SurrogateJob(config, task, "bench") : new EventPropJob(config, task, "bench");
        step = new TrainingStep(job, 1);
    }

    /// <summary>Cleans up.</summary>
    [GlobalCleanup]
    public void Cleanup() { step.Dispose(); job.Dispose(); }

    /// <summary>One epoch of 320 samples: 10 mini-batches, each simulated, differentiated and applied.</summary>
    [Benchmark]
    public double Epoch()
    {
        job.BeginEpoch(0);
        double loss = 0;
        for (int s = 0; s < job.StepsPerEpoch; s++) loss += step.Run(s).Loss;
        return loss;
    }
}
