using System.Text.Json.Nodes;
using Parsimony.Experiments.Olfaction;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Experiments.Olfaction;

/// <summary><c>run olfaction</c>: a small study end to end, checks C1–C5 on it, resume, determinism and option errors.</summary>
public class OlfactionJobTests
{
    static readonly string[] Small = ["--odorants", "300", "--mixture-sizes", "1,3", "--odorant-counts", "100,300,1000", "--scaling-mixture-size", "2",
                                      "--trials", "40", "--breadth-points", "9", "--receptor-points", "10"];

    [Fact]
    public void ASmallStudyWritesItsChecksAndFigures()
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run(["run", "olfaction", .. Small, "--out", run, "--quiet"]);
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.True((int)summary["c1_solvable_trials"]! > 100);
        Assert.Equal(0, (int)summary["c1_solvable_failures"]!);                                   // C1
        Assert.True((double)summary["c1_max_concentration_error"]! < 1e-6);
        Assert.Equal(0, (double)summary["true_odorants_eliminated"]!);
        Assert.True((double)summary["c5_max_error"]! < 1e-9);                                       // C5
        Assert.True((double)summary["c3_max_peak_ratio"]! <= 2.0, $"peak ratio {summary["c3_max_peak_ratio"]}");   // C3, coarse at 40 trials
        Assert.True((double)summary["c4_r2_mixture"]! > 0.9, $"R² {summary["c4_r2_mixture"]}");                                  // C4: linear in K
        Assert.True((double)summary["c4_r2_log_odorants"]! > (double)summary["c4_r2_linear_odorants"]!);   // C4: logarithmic, not linear, in N
        foreach (var record in summary["receptors_by_mixture"]!.AsArray())                         // clean elimination follows its formula
            Assert.True(Math.Abs((double)record!["m_min_clean"]! / (double)record["m_clean_formula"]! - 1) < 0.2, record.ToJsonString());
        foreach (var figure in new[] { "success-vs-breadth", "false-candidates-vs-breadth", "success-vs-receptors", "receptors-vs-mixture", "receptors-vs-repertoire", "diversity-sparsity" })
            Assert.True(File.Exists(Path.Combine(run, "figures", figure + ".png")), figure);
    }

    [Fact]
    public void AStoppedRunResumesToTheSameSummary()
    {
        var config = new OlfactionConfig { Odorants = 200, MixtureSizes = "2", OdorantCounts = "100,200", Trials = 10, BreadthPoints = 5, ReceptorPoints = 4 };
        var whole = TestRuns.New("run olfaction", config);
        using (var job = new OlfactionJob(config)) TestRuns.Run(job, whole);
        var split = TestRuns.New("run olfaction", config);
        using (var job = new OlfactionJob(config))
        {
            var lines = Enumerable.Range(0, job.Chunks / 2).Select(i => { var line = job.RunChunk(i); line["kind"] = "chunk"; line["chunk"] = i; return line; });
            foreach (var line in lines) split.AppendMetrics(line);
        }
        using (var job = new OlfactionJob(config)) TestRuns.Run(job, split);
        Assert.Equal(Results(whole), Results(split));
    }

    /// <summary>The summary without the wall time.</summary>
    static string Results(Parsimony.Runs.RunFolder run)
    {
        var summary = run.ReadSummary();
        summary.Remove("train_seconds_last_process");
        return summary.ToJsonString();
    }

    [Theory]
    [InlineData("--breadth-points", "0", "--breadth-points must be positive")]
    [InlineData("--mixture-sizes", "1,x", "--mixture-sizes takes positive whole numbers")]
    [InlineData("--mixture-sizes", "2000", "--mixture-sizes must each be smaller than --odorants")]
    [InlineData("--odorants", "-5", "--odorants must be positive")]
    [InlineData("--receptor-breadth", "1.5", "--receptor-breadth must be in (0, 1]")]
    [InlineData("--threshold", "1", "--threshold must be in [0, 1)")]
    [InlineData("--concentration-max", "0.01", "--concentration-max must be a number at least --concentration-min")]
    [InlineData("--odorant-counts", "2,100", "--odorant-counts must each be larger than --scaling-mixture-size")]
    [InlineData("--receptor-breadth", "0.9", "--receptor-breadth = 0.9 leaves almost no receptor silent")]
    public void BadOptionsAreRefusedBeforeARunFolderExists(string option, string value, string message)
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("run", "olfaction", option, value, "--out", run);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void TheGridBracketsTheFormulasAndTheBreadthsCentreOnSStar()
    {
        var config = new OlfactionConfig();
        var grid = OlfactionPlan.BreadthGrid(config, 4);
        Assert.Equal(13, grid.Length);
        Assert.Equal(0.2, grid[6], 12);
        Assert.Equal(0.05, grid[0], 12);
        var points = OlfactionPlan.Points(config with { Study = OlfactionStudy.Receptors, MixtureSizes = "4", OdorantCounts = "1000" });
        var ms = points.Where(p => p.Scan == OlfactionScan.ReceptorsByMixture).Select(p => p.Receptors).ToArray();
        Assert.True(ms[0] < Parsimony.Models.Olfaction.EliminationTheory.ReceptorsForSolvability(1000, 4, 0.2));
        Assert.True(ms[^1] > Parsimony.Models.Olfaction.EliminationTheory.ReceptorsForExpectedFalse(1000, 4, 0.2, -Math.Log(0.9)));
    }
}
