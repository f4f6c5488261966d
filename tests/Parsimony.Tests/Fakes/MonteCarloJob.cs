using System.ComponentModel;
using System.Text.Json.Nodes;
using Parsimony.Runs;
using Parsimony.Experiments;
using Parsimony.Simulation;

namespace Parsimony.Tests.Fakes;

/// <summary>Options of the fake Monte-Carlo job.</summary>
public sealed record MonteCarloConfig : RunConfig
{
    [Description("Chunks of samples.")] public int Chunks { get; init; } = 8;
    [Description("Samples per chunk.")] public int SamplesPerChunk { get; init; } = 20_000;
    [Description("Fail in this chunk (-1: never).")] public int FailAt { get; init; } = -1;

    public override void Validate()
    {
        Rules.Positive(Chunks, nameof(Chunks));
        Rules.Positive(SamplesPerChunk, nameof(SamplesPerChunk));
    }
}

/// <summary>An untrained job: π from the share of uniform points in the unit square that fall in the quarter circle.</summary>
public sealed class MonteCarloJob : ISimulationJob
{
    readonly MonteCarloConfig config;
    double[] estimates = [];

    public MonteCarloJob(MonteCarloConfig config)
    {
        config.Validate();
        this.config = config;
    }

    /// <summary>Chunks actually run by this object (not restored from the run folder).</summary>
    public int Ran;

    public string Name => "fake-montecarlo";
    public int Chunks => config.Chunks;
    public int ParallelChunks => 2;

    public JsonObject RunChunk(int index)
    {
        if (index == config.FailAt) throw new ParsimonyException($"Chunk {index} failed on purpose.");
        Interlocked.Increment(ref Ran);
        var rng = new Random(config.Seed * 1000 + index);
        int inside = 0;
        for (int i = 0; i < config.SamplesPerChunk; i++)
        {
            double x = rng.NextDouble(), y = rng.NextDouble();
            if (x * x + y * y <= 1) inside++;
        }
        return new JsonObject { ["pi"] = 4.0 * inside / config.SamplesPerChunk };
    }

    public void Collect(IReadOnlyList<JsonObject> results) => estimates = results.Select(r => (double)r["pi"]!).ToArray();

    public JsonObject Summarize() => new() { ["pi"] = estimates.Average(), ["chunks"] = estimates.Length };

    public IEnumerable<NamedFigure> Figures()
    {
        yield return new NamedFigure("estimates", new BarsFigure("π per chunk", "π", estimates) { XLabel = "chunk", Caption = "Each chunk's estimate of π." });
    }

    public Glossary Glossary() => new Glossary().Add("pi", "Mean of the chunks' estimates of π.").Add("chunks", "Chunks run.");

    public void Dispose() { }
}
