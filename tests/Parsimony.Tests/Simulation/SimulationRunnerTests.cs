using Parsimony.Runs;
using Parsimony.Tests.Fakes;

namespace Parsimony.Tests.Simulation;

/// <summary>The runner of untrained jobs, tested with the fake Monte-Carlo job.</summary>
public class SimulationRunnerTests
{
    static readonly MonteCarloConfig Config = new() { Chunks = 12, SamplesPerChunk = 2_000 };

    [Fact]
    public void AnUntrainedJobWritesTheWholeContract()
    {
        var run = TestRuns.New("run fake-montecarlo", Config);
        using var job = new MonteCarloJob(Config);
        var summary = TestRuns.Run(job, run)!;
        Assert.InRange((double)summary["pi"]!, 3.0, 3.3);
        Assert.Equal(12, (int)summary["chunks"]!);
        Assert.Equal(12, run.ReadMetrics().Count(l => (string?)l["kind"] == "chunk"));
        foreach (var f in new[] { run.ConfigPath, run.ReportPath, run.SummaryPath, Path.Combine(run.FiguresDir, "estimates.json"), Path.Combine(run.FiguresDir, "estimates.png") })
            Assert.True(File.Exists(f), f);
        Assert.False(File.Exists(run.ModelPath));
        Assert.False(run.ReadConfig().ContainsKey("device"));
    }

    [Fact]
    public void AFailedRunResumesWithTheMissingChunksOnlyAndEndsTheSame()
    {
        var whole = TestRuns.New("run fake-montecarlo", Config);
        using (var job = new MonteCarloJob(Config)) TestRuns.Run(job, whole);

        var broken = TestRuns.New("run fake-montecarlo", Config);
        using (var failing = new MonteCarloJob(Config with { FailAt = 9 }))
            Assert.Equal("Chunk 9 failed on purpose.", Assert.Throws<ParsimonyException>(() => TestRuns.Run(failing, broken)).Message);
        int logged = broken.ReadMetrics().Count;
        Assert.InRange(logged, 1, 11);
        File.AppendAllText(broken.MetricsPath, "{\"kind\":\"chunk\",\"chu");                    // a line cut short by a kill
        Assert.False(broken.IsFinished);

        using var resumed = new MonteCarloJob(Config);
        TestRuns.Run(resumed, broken);
        Assert.Equal(12 - logged, resumed.Ran);
        Assert.Equal(File.ReadAllText(whole.SummaryPath), File.ReadAllText(broken.SummaryPath));
        Assert.Equal(12, broken.ReadMetrics().Count);
    }
}
