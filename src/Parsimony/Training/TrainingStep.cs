using static TorchSharp.torch;

namespace Parsimony.Training;

/// <summary>How one <see cref="TrainingStep.Run"/> ended.</summary>
public enum StepStatus
{
    /// <summary>The update was applied.</summary>
    Applied,
    /// <summary>This step's loss was read and was NaN or Inf; the update was not applied.</summary>
    NonFinite,
    /// <summary>A loss between the previous read and this one was NaN or Inf (its updates were applied); nothing more was applied.</summary>
    NonFiniteUnread,
}

/// <summary>What one step produced: its status, the loss (NaN when it was not read) and the job's metrics.</summary>
public readonly record struct StepResult(StepStatus Status, double Loss, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// One optimizer step exactly as the <see cref="Trainer"/> runs it: the gradients (autograd's backward of the job's
/// loss, or the job's own), the NaN/Inf guard, the job's gradient hook (masks), gradient-norm clipping, the optimizer
/// step and the job's after-step hook (re-masking). For autograd the guard reads the loss on the host every
/// <c>checkEvery</c> steps (or when asked); in between it adds the loss to a running sum on the device, so a GPU never
/// waits for a read. A job's own gradients come with their loss on the host, checked every step. Benchmarks time this
/// object, so they time the trainer.
/// </summary>
public sealed class TrainingStep : IDisposable
{
    readonly ITrainingJob job;
    readonly List<TorchSharp.Modules.Parameter> parameters;
    readonly Tensor? pendingLoss;   // Σ loss since the last read, on the device

    /// <summary>Prepares steps of <paramref name="job"/> that read an autograd loss every <paramref name="checkEvery"/> steps.</summary>
    public TrainingStep(ITrainingJob job, int checkEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(checkEvery, 1);
        if (job is not (IAutogradJob or IGradientJob))
            throw new ArgumentException($"{job.Name} gives neither a loss (IAutogradJob) nor gradients (IGradientJob).", nameof(job));
        this.job = job;
        parameters = job.State.Model.parameters().ToList();
        Device = parameters.FirstOrDefault()?.device ?? CPU;
        CheckEvery = job is IAutogradJob ? checkEvery : 1;
        pendingLoss = CheckEvery > 1 ? zeros(1, device: Device) : null;
    }

    /// <summary>
    /// The trainer's default: every step on the CPU (free there, and a divergence then stops before the bad update) or
    /// for a job that <see cref="ITrainingJob.NeedsEveryLoss"/>; every <paramref name="logEvery"/> steps on CUDA.
    /// </summary>
    public static int DefaultCheckEvery(ITrainingJob job, int logEvery)
    {
        var first = job.State.Model.parameters().FirstOrDefault();
        bool onGpu = first is not null && first.device.type == TorchSharp.DeviceType.CUDA;
        return onGpu && !job.NeedsEveryLoss ? logEvery : 1;
    }

    /// <summary>Where the job's parameters live.</summary>
    public Device Device { get; }

    /// <summary>Steps between host reads of the loss.</summary>
    public int CheckEvery { get; }

    /// <summary>
    /// Runs step <paramref name="step"/> (0-based, global); <paramref name="read"/> forces a host read of its loss
    /// (for logging). Tensors made during the step are disposed before it returns.
    /// </summary>
    public StepResult Run(long step, bool read = false)
    {
        using var scope = NewDisposeScope();
        job.State.Optimizer.zero_grad();
        double value;
        IReadOnlyDictionary<string, double> metrics;
        if (job is IGradientJob own)
        {
            (value, metrics) = own.Gradients(step);
            if (!double.IsFinite(value)) return new(StepStatus.NonFinite, value, metrics);
        }
        else
        {
            (var loss, metrics) = ((IAutogradJob)job).Loss(step);
            value = double.NaN;
            if (pendingLoss is null || read || (step + 1) % CheckEvery == 0)
            {
                value = loss.item<float>();
                if (pendingLoss is not null && !double.IsFinite(pendingLoss.item<float>())) return new(StepStatus.NonFiniteUnread, value, metrics);
                if (!double.IsFinite(value)) return new(StepStatus.NonFinite, value, metrics);
                pendingLoss?.zero_();
            }
            else pendingLoss.add_(loss.detach());
            loss.backward();
        }
        job.AfterBackward();
        if (job.ClipNorm is { } clip) nn.utils.clip_grad_norm_(parameters, clip);
        job.State.Optimizer.step();
        job.AfterStep();
        return new(StepStatus.Applied, value, metrics);
    }

    /// <summary>Releases the running sum.</summary>
    public void Dispose() => pendingLoss?.Dispose();
}
