using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Parsimony.Experiments.DentateGyrus;
using Parsimony.Models.DentateGyrus;
using Parsimony.Runs;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Experiments.DentateGyrus;

/// <summary>
/// <c>run dentate</c>: its options, a tiny run through the command line, and checks B3–B5 and B7 of spec
/// neuro_models.md §B.9 on one weight seed at a 1 ms step (halving it changes the window means by &lt; 3e-6; the
/// five-seed ±15% table is a recorded experiment in docs/results/circuits.md).
/// </summary>
public class DentateJobTests
{
    static readonly ConcurrentDictionary<string, DentateEvaluation> Cache = new();

    static DentateEvaluation Evaluate(string model, string? without = null) => Cache.GetOrAdd($"{model}|{without}", _ =>
    {
        var network = DgModelFamily.Published.Get(model);
        return new DentateEvaluation(without is null ? network : network.Without(without), 1234, new DgProtocol(1e-3), threads: 2);
    });

    [Theory]
    [InlineData(new[] { "--model", "7" }, "--model names no model of the family (got '7'")]
    [InlineData(new[] { "--dt-ms", "0.3" }, "--dt-ms must divide 1 ms (got 0.3)")]
    [InlineData(new[] { "--instances", "0" }, "--instances must be")]
    [InlineData(new[] { "--ablate", "GC:GC" }, "--ablate names the projection GC:GC, which no selected model has")]
    [InlineData(new[] { "--ablate", "MC" }, "--ablate takes projections as PRE:POST (got 'MC')")]
    [InlineData(new[] { "--model", "0", "--ablate", "Input:GC" }, "--ablate leaves a network that cannot run")]
    [InlineData(new[] { "--model-file", "/nonexistent/models.json" }, "--model-file names a file that does not exist")]
    public void BadOptionsAreUsageErrorsBeforeAnyFolderExists(string[] options, string message)
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run(["run", "dentate", .. options, "--out", dir, "--quiet"]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AModelFileWithAnUnknownPopulationIsAUsageError()
    {
        var file = Path.Combine(TestPaths.TempDir(), "models.json");
        File.WriteAllText(file, """
            { "input": { "name": "EC", "size": 3 }, "output": "GC", "populations": [ { "name": "GC", "size": 8, "tau_ms": 50 } ],
              "synapse_ms": { "rise": 1, "excitatory_decay": 10, "inhibitory_decay": 20 },
              "models": [ { "name": "a", "projections": [ { "pre": "EC", "post": "HIPP", "distribution": "uniform", "mean": 0.1, "sign": "exc" } ] } ] }
            """);
        var (code, _, err) = CliTests.Run("run", "dentate", "--model-file", file, "--model", "a", "--dry-run");
        Assert.Equal(2, code);
        Assert.Contains("unknown population 'HIPP'", err);
    }

    [Fact]
    public void AUsersOwnNetworkRunsFromItsFile()
    {
        var file = Path.Combine(TestPaths.TempDir(), "models.json");
        File.WriteAllText(file, """
            { "input": { "name": "EC", "size": 7 }, "output": "GC", "populations": [ { "name": "GC", "size": 16, "tau_ms": 50 } ],
              "synapse_ms": { "rise": 1, "excitatory_decay": 10, "inhibitory_decay": 20 },
              "models": [ { "name": "small", "projections": [ { "pre": "EC", "post": "GC", "distribution": "lognormal", "mean": 0.07, "sign": "exc" } ] } ] }
            """);
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, output, err) = CliTests.Run("run", "dentate", "--model-file", file, "--model", "small", "--instances", "1", "--dt-ms", "1", "--out", dir, "--json");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(output)!;
        Assert.InRange((double)summary["mean_active_gcs"]!, 0.5, 16);
        Assert.Null(summary["per_model"]![0]!["published_active_gcs"]);
    }

    [Fact]
    public void ATinyRunReportsTheModelAgainstThePublishedTable()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, output, err) = CliTests.Run("run", "dentate", "--model", "1", "--instances", "1", "--dt-ms", "1", "--out", dir, "--json");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(output)!;
        Assert.True((bool)summary["sparsity_equals_selectivity"]!);
        Assert.True((double)summary["fraction_active_patterns"]! <= 127 / 128.0);   // B3
        var row = summary["per_model"]![0]!;
        Assert.Equal(56.3, (double)row["published_active_gcs"]!);
        Assert.InRange((double)row["active_gcs_ratio"]!, 0.7, 1.3);
        var run = RunFolder.Open(dir);
        Assert.True(File.Exists(Path.Combine(run.FiguresDir, "similarity-gc.json")));
        Assert.True(File.Exists(run.ReportPath));
    }

    [Fact]
    public void AChunkIsTheSameBitsEveryTime()
    {
        var config = DentateConfig.Published with { Model = "1", Instances = 2, DtMs = 1 };
        using var a = new DentateJob(config);
        using var b = new DentateJob(config);
        Assert.Equal(a.RunChunk(1).ToJsonString(), b.RunChunk(1).ToJsonString());
        Assert.NotEqual(a.RunChunk(0).ToJsonString(), a.RunChunk(1).ToJsonString());
    }

    [Fact]
    public void SimilarityAndSparsityFollowThePublishedOrderingOnOneSeed()   // B4's orderings; its ±15% band over 5 seeds is recorded
    {
        double S(string m) => Evaluate(m).Output.MeanSimilarity;
        double A(string m) => Evaluate(m).Output.MeanSparsity;
        Assert.True(S("6") < S("5") && S("5") < S("1") && S("1") < S("0"), $"similarity 6 {S("6")}, 5 {S("5")}, 1 {S("1")}, 0 {S("0")}");
        Assert.True(Math.Max(A("5"), A("6")) < 0.5 * A("1"), $"active 5 {A("5")}, 6 {A("6")}, 1 {A("1")}");
        foreach (var m in new[] { "0", "1", "5", "6" })
        {
            var published = PublishedDentateResults.Rows[m];
            Assert.InRange(A(m) / published.ActiveGcs, 0.7, 1.3);
            Assert.InRange(S(m) / published.Similarity, 0.7, 1.3);
        }
    }

    [Fact]
    public void MossyCellModelsUseNearlyEveryGranuleCellAndTheNoSelectivityModelLeavesMostSilent()   // B5
    {
        Assert.True(Evaluate("5").Output.FractionActiveUnits >= 0.95);
        Assert.True(Evaluate("6").Output.FractionActiveUnits >= 0.95);
        Assert.InRange(Evaluate("2_nsl").Output.FractionActiveUnits, 0.2, 0.5);
    }

    [Fact]
    public void RemovingTheMossyCellsDriveOfFeedbackInhibitionRaisesSimilarityAndTheActiveCount()   // B7
    {
        var intact = Evaluate("6").Output;
        var ablated = Evaluate("6", "MC:FB_Inh").Output;
        Assert.True(ablated.MeanSimilarity > intact.MeanSimilarity, $"{ablated.MeanSimilarity} vs {intact.MeanSimilarity}");
        Assert.True(ablated.MeanSparsity > intact.MeanSparsity, $"{ablated.MeanSparsity} vs {intact.MeanSparsity}");
    }
}
