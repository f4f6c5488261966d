using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Tests.Runs;

public class RunFolderTests
{
    static readonly Fakes.RegressionConfig Options = new() { Samples = 12 };

    [Fact]
    public void ConfigJsonHasTheOneLayout()
    {
        var run = RunFolder.Create(Path.Combine(TestPaths.TempDir(), "r"), "train fake-regression", Options, "cpu");
        var config = run.ReadConfig();
        Assert.Equal(["command", "version", "created_utc", "device", "options"], config.Select(kv => kv.Key));
        Assert.Equal("train fake-regression", run.Command);
        Assert.Equal(12, (int)run.ReadOptions()["samples"]!);
        Assert.Equal("auto", (string?)run.ReadOptions()["device"]);                 // enums kebab-case, names snake_case
        Assert.True(run.ReadOptions().ContainsKey("batch_size"));
    }

    [Fact]
    public void ATornLastMetricsLineIsSkippedAndDroppedOnFilter()
    {
        var run = RunFolder.Create(Path.Combine(TestPaths.TempDir(), "r"), "t", Options);
        run.AppendMetrics(new JsonObject { ["step"] = 1 });
        File.AppendAllText(run.MetricsPath, "{\"step\": 2, \"lo");
        Assert.Single(run.ReadMetrics());
        run.TruncateMetricsAfter(5);
        Assert.Equal(["{\"step\":1}"], File.ReadAllLines(run.MetricsPath));
    }

    [Fact]
    public void FigureDataRoundTripsWithItsKind()
    {
        var run = RunFolder.Create(Path.Combine(TestPaths.TempDir(), "r"), "t", Options);
        FigureSpec spec = new StackedFigure("t", "x", [0, 1], [[1, double.NaN]], ["a"]);
        run.WriteFigure(new NamedFigure("curves", spec));
        Assert.Contains("\"kind\": \"stacked\"", File.ReadAllText(Path.Combine(run.FiguresDir, "curves.json")));
        var back = Assert.IsType<StackedFigure>(Assert.Single(run.ReadFigures()).Spec);
        Assert.True(double.IsNaN(back.Curves[0][1]));
        Assert.Equal("a", back.Labels[0]);
    }
    [Fact]
    public void RefusesNonEmptyFolder()
    {
        var dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "x"), "");
        var e = Assert.Throws<OptionException>(() => RunFolder.Create(dir, "t", Options));
        Assert.Contains("--out is", e.Render(Parsimony.Cli.Cli.Flag));
        Assert.Contains("already exists and is not empty", e.Message);
        File.WriteAllText(Path.Combine(dir, "config.json"), "{}");
        Assert.Contains("or continue that run with --resume", Assert.Throws<OptionException>(() => RunFolder.Create(dir, "t", Options)).Render(Parsimony.Cli.Cli.Flag));
    }

    [Fact]
    public void UnwritableFolderIsAClearError()
    {
        var file = Path.Combine(TestPaths.TempDir(), "file");
        File.WriteAllText(file, "");
        var e = Assert.Throws<ParsimonyException>(() => RunFolder.Create(Path.Combine(file, "run"), "t", Options));
        Assert.Contains("Cannot write", e.Message);
    }

    [Fact]
    public void TruncateMetricsDropsLaterSteps()
    {
        var run = RunFolder.Create(Path.Combine(TestPaths.TempDir(), "r"), "t", Options);
        foreach (var s in new[] { 10, 20, 30 }) run.AppendMetrics(new JsonObject { ["step"] = s });
        run.TruncateMetricsAfter(20);
        Assert.Equal([10L, 20L], run.ReadMetrics().Select(m => (long)m["step"]!));
    }

    [Fact]
    public void AtomicWriteLeavesNoTemporaryFile()
    {
        var dir = TestPaths.TempDir();
        AtomicFile.WriteAllText(Path.Combine(dir, "a.json"), "{}");
        AtomicFile.WriteAllText(Path.Combine(dir, "a.json"), "{\"x\":1}");
        Assert.Equal(["a.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
        Assert.Equal("{\"x\":1}", File.ReadAllText(Path.Combine(dir, "a.json")));
    }

    [Fact]
    public void ARunRemovesTheDebrisOfAKilledProcess()
    {
        var run = RunFolder.Create(Path.Combine(TestPaths.TempDir(), "r"), "train fake-regression", Options with { Device = DeviceChoice.Cpu }, "cpu");
        string[] debris = ["model.safetensors.tmp-123", "summary.json.tmp-45", "metrics.jsonl.tmp-6", "figures/curves.png.tmp-7", "checkpoints/.tmp-step-00000004/model.safetensors"];
        foreach (var file in debris)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(run.Root, file))!);
            File.WriteAllText(Path.Combine(run.Root, file), "partial");
        }
        using (var job = new Fakes.AutogradRegressionJob(Options with { Device = DeviceChoice.Cpu })) TestRuns.Run(job, run);
        Assert.True(run.IsFinished);
        Assert.Empty(Directory.EnumerateFileSystemEntries(run.Root, "*tmp*", SearchOption.AllDirectories));
        Assert.False(File.Exists(run.LockHolderPath));                               // released with the lock
    }

    [Fact]
    public void OpenRejectsFolderWithoutConfig()
    {
        var e = Assert.Throws<UsageException>(() => RunFolder.Open(TestPaths.TempDir()));
        Assert.Contains("config.json", e.Message);
    }
}
