using Parsimony.Sweeps;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Sweeps;

public class SweepTests
{
    const string File = """
        { "command": "train adding",
          "base": { "sequence-length": 6, "train-samples": 64, "test-samples": 32, "hidden": 8, "epochs": 2, "stabilizer-epochs": 0, "device": "cpu" },
          "variants": { "torus": { "space": "torus" }, "no-reg": { "space": "none", "target-sparsity": 0.5 } },
          "grid": { "seed": [1, 2] } }
        """;

    static string Write(string text)
    {
        var path = Path.Combine(TestPaths.TempDir(), "sweep.json");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void PlanCrossesVariantsWithTheGrid()
    {
        var plan = SweepPlan.Load(Write(File), Fakes.FakeEntries.Registry);
        Assert.Equal(["torus_seed-1", "torus_seed-2", "no-reg_seed-1", "no-reg_seed-2"], plan.Runs.Select(r => r.Name));
        Assert.Equal("0.5", plan.Runs[2].Options["target-sparsity"]);
        Assert.Equal("torus", plan.Runs[1].Configuration);
    }

    [Fact]
    public void RunsAggregatesAndNeverRerunsFinishedRuns()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "sweep");
        var file = Write(File);
        var (code, _, err) = CliTests.Run("sweep", file, "--out", dir, "--in-process", "--quiet");
        Assert.True(code == 0, err);
        var csv = System.IO.File.ReadAllLines(Path.Combine(dir, "results.csv"));
        Assert.Equal(5, csv.Length);
        Assert.Contains("test_mse", csv[0]);
        var md = System.IO.File.ReadAllText(Path.Combine(dir, "results.md"));
        Assert.Contains("| no-reg | 2 |", md);
        Assert.Contains("±", md);
        Assert.True(System.IO.File.Exists(Path.Combine(dir, "test_mse-vs-sparsity.png")));

        var stamp = System.IO.File.GetLastWriteTimeUtc(Path.Combine(dir, "torus_seed-1", "summary.json"));
        Assert.Equal(0, CliTests.Run("sweep", file, "--out", dir, "--in-process", "--quiet").Code);
        Assert.Equal(stamp, System.IO.File.GetLastWriteTimeUtc(Path.Combine(dir, "torus_seed-1", "summary.json")));
    }

    [Fact]
    public void ARunWithInvalidOptionsStopsTheSweepBeforeAnythingRuns()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "bad");
        var file = Write(File.Replace("\"no-reg\": { \"space\": \"none\", \"target-sparsity\": 0.5 }", "\"l1\": { \"space\": \"standard\" }"));
        var (code, _, err) = CliTests.Run("sweep", file, "--out", dir, "--in-process", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("2 run(s) have invalid options (l1_seed-1, l1_seed-2", err);
        Assert.Contains("--legacy-quirks", err);                   // each run's own reason
        Assert.False(Directory.Exists(dir));                       // not even the torus runs started
    }

    [Fact]
    public void EveryShippedSweepFileHasValidOptions()
    {
        // The GPU sweeps are checked with the device set to the CPU: a bad option must not wait for a GPU session to show.
        var files = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "experiments"), "*.json");
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            var plan = SweepPlan.Load(path, Fakes.FakeEntries.Registry);
            foreach (var run in plan.Runs)
            {
                var args = run.Options.SelectMany(kv => new[] { "--" + kv.Key, kv.Key == "device" ? "cpu" : kv.Value });
                var (code, _, err) = CliTests.Run([.. plan.Command.Split(' '), .. args, "--dry-run"]);
                Assert.True(code == 0, $"{Path.GetFileName(path)} {run.Name}: {err}");
            }
        }
    }

    [Fact]
    public void DenseSweepsPlotAgainstEpochs()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "dense");
        var file = Write(File.Replace("\"target-sparsity\": 0.5", "\"target-sparsity\": 0").Replace("\"epochs\": 2,", "\"epochs\": 2, \"target-sparsity\": 0,"));
        var (code, _, err) = CliTests.Run("sweep", file, "--out", dir, "--in-process", "--quiet");
        Assert.True(code == 0, err);
        Assert.True(System.IO.File.Exists(Path.Combine(dir, "test_mse-vs-epoch.png")));
        Assert.False(System.IO.File.Exists(Path.Combine(dir, "test_mse-vs-sparsity.png")));
    }

    [Fact]
    public void AWorkersFailureShowsItsOwnMessageNotTheParallelLoopsWrapper()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "sweep");
        Directory.CreateDirectory(dir);
        System.IO.File.WriteAllText(Path.Combine(dir, "logs"), "");               // the logs folder cannot be made
        var file = Write(File.Replace("\"grid\": { \"seed\": [1, 2] }", "\"grid\": { \"seed\": [1] }"));
        var (code, _, err) = CliTests.Run("sweep", file, "--out", dir, "--workers", "1", "--quiet");
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", err);
        Assert.Contains(Path.Combine(dir, "logs"), err);
        Assert.DoesNotContain("internal error", err);
        Assert.DoesNotContain("AggregateException", err);
        Assert.DoesNotContain("One or more errors occurred", err);
    }

    [Fact]
    public void TextInASummaryIsNotAveraged()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "sweep");
        var file = Write("""
            { "command": "train eventprop-yinyang",
              "base": { "epochs": 1, "train-samples": 64, "hidden": 10, "device": "cpu" }, "grid": { "seed": [1, 2] } }
            """);
        var (code, _, err) = CliTests.Run("sweep", file, "--out", dir, "--in-process", "--quiet");
        Assert.True(code == 0, err);
        var header = System.IO.File.ReadAllLines(Path.Combine(dir, "results.csv"))[0];
        Assert.Contains("test_accuracy", header);
        Assert.DoesNotContain("network", header);                 // "5-10-3 (…)" is text, not a metric
    }

    [Fact]
    public void AnOptionNamedLikeAMetricGetsItsOwnCsvColumn() =>
        Assert.Equal(["run", "configuration", "option:loss", "seed", "loss", "ssi_bits_per_spike"],
                     SweepResults.CsvHeader(["loss", "seed"], ["loss", "ssi_bits_per_spike"]));

    [Theory]
    [InlineData("""{ "command": "train gpt" }""", "\"command\" must be one of")]
    [InlineData("""{ "grid": { "seed": 3 } }""", "must be a list")]
    [InlineData("not json", "is not a JSON object")]
    public void BadSweepFilesAreClearErrors(string text, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => SweepPlan.Load(Write(text), Fakes.FakeEntries.Registry)).Message);
}
