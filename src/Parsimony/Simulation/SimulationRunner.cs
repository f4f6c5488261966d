using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Simulation;

/// <summary>
/// Runs the chunks of an <see cref="ISimulationJob"/> into a run folder: every finished chunk's result is appended to
/// <c>metrics.jsonl</c> as <c>{"kind": "chunk", "chunk": i, …}</c> the moment it is done, so a killed run loses at most
/// the chunks in flight; on resume the chunks already logged are not run again.
/// </summary>
public sealed class SimulationRunner(RunFolder run, IRunObserver observer)
{
    const string Kind = "chunk";

    /// <summary>Runs the missing chunks of <paramref name="job"/> and hands all results to it in index order.</summary>
    public void Run(ISimulationJob job)
    {
        var results = new JsonObject?[job.Chunks];
        foreach (var line in run.ReadMetrics())
            if ((string?)line["kind"] == Kind && (int?)line["chunk"] is int i && i >= 0 && i < results.Length) results[i] = line;
        run.FilterMetrics(line => (string?)line["kind"] == Kind);   // drops a torn last line
        var todo = Enumerable.Range(0, job.Chunks).Where(i => results[i] is null).ToArray();
        long done = job.Chunks - todo.Length;
        observer.Started(job.Name, job.Chunks, done);
        var gate = new object();
        try
        {
            Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, job.ParallelChunks) }, i =>
            {
                var result = job.RunChunk(i);
                var line = new JsonObject { ["kind"] = Kind, ["chunk"] = i };
                foreach (var (k, v) in result) line[k] = v?.DeepClone();
                lock (gate)
                {
                    run.AppendMetrics(line);
                    results[i] = line;
                    observer.Step(++done, new Dictionary<string, double>());
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);   // the chunk's own error, not the wrapper
        }
        observer.Finished();
        job.Collect(results.Select(r => r!).ToList());
    }
}
