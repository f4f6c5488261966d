using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Simulation;

/// <summary>
/// An untrained job — a simulation or a Monte-Carlo study — cut into independent chunks (trials, shuffles, parameter
/// sets). Each chunk's result depends only on its index (seed it from the run's seed and the index), so chunks may run
/// in any order and in parallel, and a killed run resumes by running only the chunks whose results are not yet in
/// <c>metrics.jsonl</c>.
/// </summary>
public interface ISimulationJob : IJob
{
    /// <summary>Number of chunks.</summary>
    int Chunks { get; }

    /// <summary>How many chunks may run at once (1: one after another, each free to use every core inside).</summary>
    int ParallelChunks { get; }

    /// <summary>Runs chunk <paramref name="index"/> and returns its result (logged as one line of <c>metrics.jsonl</c>).</summary>
    JsonObject RunChunk(int index);

    /// <summary>Receives every chunk's result in index order, once all have run (before the summary and figures).</summary>
    void Collect(IReadOnlyList<JsonObject> results);
}
