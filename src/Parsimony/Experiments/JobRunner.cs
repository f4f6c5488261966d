using System.Diagnostics;
using System.Text.Json.Nodes;
using Parsimony.Reports;
using Parsimony.Runs;
using Parsimony.Simulation;
using Parsimony.Training;
using static TorchSharp.torch;

namespace Parsimony.Experiments;

/// <summary>
/// Runs any job into its run folder, whatever its kind: trained jobs through the <see cref="Trainer"/>, untrained ones
/// through the <see cref="SimulationRunner"/>, both resuming from what the folder already holds; then the figure data,
/// the report drawn from the folder, and last <c>summary.json</c>.
/// </summary>
public static class JobRunner
{
    /// <summary>
    /// Runs <paramref name="job"/> to the end in <paramref name="run"/> and returns the summary it wrote, or null when
    /// <see cref="TrainerOptions.StopAfterSteps"/> stopped a trained job early.
    /// </summary>
    public static JsonObject? Run(IJob job, RunFolder run, IRunObserver observer, TrainerOptions? options = null)
    {
        using var held = run.Lock();
        run.RemoveDebris();
        var clock = Stopwatch.StartNew();
        try
        {
            switch (job)
            {
                case ITrainingJob trained:
                    if (!new Trainer(run, options ?? new TrainerOptions(), observer).Fit(trained)) return null;
                    break;
                case ISimulationJob simulated:
                    new SimulationRunner(run, observer).Run(simulated);
                    break;
                default:
                    throw new ArgumentException($"{job.Name} is neither a training job nor a simulation job.", nameof(job));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParsimonyException($"Writing the run in {run.Root} failed: {e.Message} What was checkpointed is kept: free space " +
                                         "(or fix the folder's permissions) and continue with --resume.", e);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        try
        {
            JsonObject summary;
            using (NewDisposeScope())
            {
                foreach (var figure in job.Figures()) run.WriteFigure(figure);
                summary = job.Summarize();
            }
            if (job is ITrainingJob) summary["train_seconds_last_process"] = Math.Round(seconds, 2);
            if (job.Notes.Count > 0 && !summary.ContainsKey("notes")) summary["notes"] = new JsonArray(job.Notes.Select(n => (JsonNode?)n).ToArray());
            run.WriteGlossary(job.Glossary());
            ReportBuilder.Build(run, summary);
            FaultPoints.Reach("before-summary");
            run.WriteSummary(summary);
            return summary;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No report without its summary: the run stays unfinished, and resuming it finishes it.
            try { File.Delete(run.ReportPath); } catch (IOException) { }
            throw new ParsimonyException($"Finishing the run in {run.Root} failed: {e.Message} Nothing of it is lost: free space " +
                                         "(or fix the folder's permissions) and continue with --resume to write its figures, report and summary.", e);
        }
    }
}
