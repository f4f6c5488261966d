using System.Text.Json.Nodes;

namespace Parsimony.Runs;

/// <summary>
/// What every job gives its run folder, whatever its kind (trained by autograd, trained with its own gradients, or
/// untrained): a name, the final metrics for <c>summary.json</c>, and the data behind its figures. The kinds add how the
/// work is done (<c>Training.ITrainingJob</c>, <c>Simulation.ISimulationJob</c>).
/// </summary>
public interface IJob : IDisposable
{
    /// <summary>Short name used in messages and progress.</summary>
    string Name { get; }

    /// <summary>Non-fatal findings about the input made while the job was built, as sentences (shown before it runs).</summary>
    IReadOnlyList<string> Notes => [];

    /// <summary>Final metrics of the finished job (snake_case names with the unit in the name: <c>err_cm</c>, <c>mse</c>).</summary>
    JsonObject Summarize();

    /// <summary>The figures of the finished job, as data (drawn by the report).</summary>
    IEnumerable<NamedFigure> Figures();

    /// <summary>What every metric of the summary and the metrics log means, with its unit.</summary>
    Glossary Glossary();
}

/// <summary>Receives a job's progress (a progress bar, a log, or nothing).</summary>
public interface IRunObserver
{
    /// <summary>Work starts (or resumes at <paramref name="firstStep"/>) out of <paramref name="totalSteps"/>.</summary>
    void Started(string name, long totalSteps, long firstStep);
    /// <summary>A step (a training step or a chunk of a simulation) was done.</summary>
    void Step(long step, IReadOnlyDictionary<string, double> metrics);
    /// <summary>An epoch ended with these evaluation metrics.</summary>
    void Epoch(int epoch, int epochs, IReadOnlyDictionary<string, double> metrics);
    /// <summary>The work is done.</summary>
    void Finished();
}

/// <summary>An observer that ignores everything.</summary>
public sealed class SilentObserver : IRunObserver
{
    /// <inheritdoc/>
    public void Started(string name, long totalSteps, long firstStep) { }
    /// <inheritdoc/>
    public void Step(long step, IReadOnlyDictionary<string, double> metrics) { }
    /// <inheritdoc/>
    public void Epoch(int epoch, int epochs, IReadOnlyDictionary<string, double> metrics) { }
    /// <inheritdoc/>
    public void Finished() { }
}
