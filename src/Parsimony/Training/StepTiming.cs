using System.Diagnostics;
using static TorchSharp.torch;

namespace Parsimony.Training;

/// <summary>
/// Wall time of the trainer's own step (<see cref="TrainingStep"/>) on a job, for the command-line step benchmark that
/// runs where BenchmarkDotNet cannot (a GPU machine with no .NET SDK): warm-up steps, then the mean of timed steps, with
/// the device drained before the clock starts and before it stops, so queued GPU work is counted.
/// </summary>
public static class StepTiming
{
    /// <summary>
    /// Mean milliseconds per step over <paramref name="iterations"/> steps after <paramref name="warmup"/> untimed ones,
    /// reading the loss every <paramref name="checkEvery"/> steps as the trainer does. Steps continue from
    /// <paramref name="firstStep"/>; throws when a loss is NaN or Inf.
    /// </summary>
    public static double MeanMilliseconds(ITrainingJob job, int warmup, int iterations, int checkEvery, long firstStep = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        using var stepper = new TrainingStep(job, checkEvery);
        long step = firstStep;
        for (int i = 0; i < warmup; i++) Check(stepper.Run(step++));
        Drain(stepper.Device);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++) Check(stepper.Run(step++));
        Drain(stepper.Device);
        return clock.Elapsed.TotalMilliseconds / iterations;
    }

    static void Check(StepResult result)
    {
        if (result.Status != StepStatus.Applied)
            throw new ParsimonyException($"The loss became NaN or Inf while timing steps ({result.Status}); the benchmark's settings do not train stably.");
    }

    static void Drain(Device device)
    {
        if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize(device);
    }
}
