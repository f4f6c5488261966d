using System.Text.Json.Nodes;
using Parsimony.Runs;
using static TorchSharp.torch;

namespace Parsimony.Training;

/// <summary>How the <see cref="Trainer"/> logs and checkpoints.</summary>
/// <param name="LogEvery">Log training metrics every this many steps.</param>
/// <param name="StopAfterSteps">Stop (as if killed) after this many steps in this process; for tests of resume.</param>
/// <param name="CheckEvery">
/// Steps between host-side checks of an autograd loss for NaN/Inf. Null: every step on the CPU (free there, and a
/// divergence then stops before the bad update) and every <paramref name="LogEvery"/> steps on CUDA, where reading the
/// loss waits for the GPU and a read per step would keep the host from queueing the next step while the device works.
/// </param>
public sealed record TrainerOptions(int LogEvery = 50, long? StopAfterSteps = null, int? CheckEvery = null);

/// <summary>
/// The training loop shared by every trained job, whoever computes its gradients: one dispose scope per step, a
/// NaN/Inf guard that stops with a saved checkpoint (checked every step on the CPU; on a GPU every
/// <see cref="TrainerOptions.CheckEvery"/> steps through an on-device running sum of the losses), a checkpoint after
/// every epoch, resume from the newest checkpoint, and <c>model.safetensors</c> at the end. Figures, summary and report
/// are the caller's (the job runner of the experiments).
/// </summary>
public sealed class Trainer(RunFolder run, TrainerOptions options, IRunObserver observer)
{
    /// <summary>
    /// Trains <paramref name="job"/> to the end, continuing from the newest checkpoint when the run folder has one, and
    /// writes <c>model.safetensors</c>. Returns false when <see cref="TrainerOptions.StopAfterSteps"/> stopped it early.
    /// </summary>
    public bool Fit(ITrainingJob job)
    {
        int firstEpoch = 0;
        long step = 0;
        var latest = Checkpoints.Latest(run);
        if (Checkpoints.Diverged(run) is { } diverged && (latest is null || Checkpoints.StepOf(diverged) >= Checkpoints.StepOf(latest)))
            throw new TrainingDivergedException(
                $"This run diverged: the loss became NaN or Inf after step {Checkpoints.StepOf(diverged)} (the state before it is in {diverged}). " +
                "Resuming would repeat the same steps and diverge again; start a new run with a lower learning rate or regularization " +
                $"coefficient (or delete {diverged} to retry as it is, e.g. on another device).");
        if (latest is not null)
        {
            (step, var extra) = Checkpoints.Load(latest, job.State);
            firstEpoch = (int)extra["epoch"]! + 1;
            job.LoadExtra(extra["job"]!.AsObject());
            run.TruncateMetricsAfter(step);
        }
        else run.TruncateMetricsAfter(-1);                                   // lines of a process killed before its first checkpoint
        long total = (long)job.Epochs * job.StepsPerEpoch, stepsThisProcess = 0;
        observer.Started(job.Name, total, step);
        using var stepper = new TrainingStep(job, options.CheckEvery ?? TrainingStep.DefaultCheckEvery(job, options.LogEvery));
        long checkedUpTo = step - 1;                                                         // the last step whose loss was read
        for (int epoch = firstEpoch; epoch < job.Epochs; epoch++)
        {
            job.BeginEpoch(epoch);
            for (int i = 0; i < job.StepsPerEpoch; i++)
            {
                if (stepsThisProcess++ == options.StopAfterSteps) return false;
                bool logNow = (step + 1) % options.LogEvery == 0 || i == job.StepsPerEpoch - 1;
                var (status, value, metrics) = stepper.Run(step, read: logNow);
                if (status == StepStatus.NonFiniteUnread) throw DivergedUnchecked(job, checkedUpTo, step, stepper.CheckEvery);
                if (status == StepStatus.NonFinite) throw Diverged(job, step, epoch, value);
                if (!double.IsNaN(value)) checkedUpTo = step;
                step++;
                FaultPoints.Reach("step");
                bool last = i == job.StepsPerEpoch - 1 || (!double.IsNaN(value) && job.EndsEpochEarly(i, value));
                if (logNow || last)
                {
                    var all = new Dictionary<string, double>(metrics) { ["loss"] = value };
                    run.AppendMetrics(Line(step, epoch, all));
                    observer.Step(step, all);
                }
                if (last) break;
            }
            IReadOnlyDictionary<string, double> evaluation;
            using (NewDisposeScope()) evaluation = job.EndEpoch(epoch);
            run.AppendMetrics(Line(step, epoch, evaluation, kind: "eval"));
            observer.Epoch(epoch, job.Epochs, evaluation);
            Checkpoints.Save(run, step, job.State, new JsonObject { ["epoch"] = epoch, ["job"] = job.SaveExtra() });
        }
        observer.Finished();
        SafeTensors.Save(run.ModelPath, job.ExportWeights(), new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "parsimony" });
        return true;
    }

    TrainingDivergedException Diverged(ITrainingJob job, long step, int epoch, double value)
    {
        var saved = Checkpoints.Save(run, step, job.State, new JsonObject { ["epoch"] = epoch, ["job"] = job.SaveExtra() }, label: "diverged");
        return new TrainingDivergedException(
            $"Training of {job.Name} diverged: the loss was {value} at step {step + 1} (epoch {epoch}). The last good state " +
            $"(before that step) was saved to {saved}. Lower the learning rate or the regularization coefficient and start a new run.");
    }

    /// <summary>A non-finite loss between two checks: updates already used it, so the last good state on disk is the newest epoch checkpoint.</summary>
    TrainingDivergedException DivergedUnchecked(ITrainingJob job, long checkedUpTo, long step, int checkEvery)
    {
        var good = Checkpoints.Latest(run);
        return new TrainingDivergedException(
            $"Training of {job.Name} diverged: the loss became NaN or Inf between steps {checkedUpTo + 2} and {step} (the loss is " +
            $"read every {checkEvery} steps on a GPU, not every step). " +
            (good is null ? "No epoch had finished, so there is no good checkpoint; " : $"The last good state is the epoch checkpoint {good}; ") +
            "lower the learning rate or the regularization coefficient and start a new run.");
    }

    static JsonObject Line(long step, int epoch, IReadOnlyDictionary<string, double> metrics, string kind = "train")
    {
        var line = new JsonObject { ["step"] = step, ["epoch"] = epoch, ["kind"] = kind };
        foreach (var (k, v) in metrics) line[k] = double.IsFinite(v) ? v : null;
        return line;
    }
}
