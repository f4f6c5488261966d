using System.Text.Json.Nodes;
using Parsimony.Experiments;
using Parsimony.Runs;
using Parsimony.Tests.Cli;
using Parsimony.Tests.Fakes;

namespace Parsimony.Tests.Experiments;

/// <summary>
/// Registering an experiment is one registry entry (the fakes in <see cref="FakeEntries"/> are one line each): its
/// command, options, dry run, resume, sweep and report all follow from the entry.
/// </summary>
public class RegistryTests
{
    [Fact]
    public void EveryEntryHasAUniqueCommandAndValidDefaults()
    {
        var entries = ExperimentRegistry.Default.Entries;
        Assert.Equal(entries.Count, entries.Select(e => e.Command).Distinct().Count());
        foreach (var entry in entries)
        {
            Assert.True(entry.ConfigType.IsInstanceOfType(entry.Defaults), entry.Command);
            if (entry.Command is not ("train lm" or "info")) entry.Defaults.Validate();   // those two read data files by default
        }
    }

    [Fact]
    public void AFakeEntryBecomesACommandWithItsOptions()
    {
        var (code, help, _) = CliTests.Run("train", "--help");
        Assert.Equal(0, code);
        Assert.Contains("fake-regression", help);
        (code, help, _) = CliTests.Run("train", "fake-regression", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--batch-size", help);
        Assert.Contains("--poison-from", help);
        (code, help, _) = CliTests.Run("run", "--help");
        Assert.Contains("fake-montecarlo", help);
        (code, _, var err) = CliTests.Run("train", "fake-regression", "--lr", "0", "--dry-run");
        Assert.Equal(2, code);
        Assert.Contains("--lr must be a positive number (got 0)", err);
        Assert.Equal(0, CliTests.Run("train", "fake-regression", "--dry-run").Code);
    }

    [Fact]
    public void AFakeJobTrainsResumesAndSweepsThroughTheCommandLine()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, output, err) = CliTests.Run("train", "fake-regression-manual", "--epochs", "3", "--out", dir, "--json");
        Assert.True(code == 0, err);
        Assert.True((double)JsonNode.Parse(output)!["mse"]! < 0.1);
        Assert.Equal("train fake-regression-manual", RunFolder.Open(dir).Command);
        (code, _, err) = CliTests.Run("train", "fake-regression", "--resume", dir);
        Assert.Equal(2, code);
        Assert.Contains("holds a 'train fake-regression-manual' run", err);
        Assert.Contains("already finished", CliTests.Run("train", "fake-regression-manual", "--resume", dir).Out);

        var sweep = Path.Combine(TestPaths.TempDir(), "sweep.json");
        File.WriteAllText(sweep, """{ "command": "train fake-regression", "base": { "epochs": 2, "device": "cpu" }, "grid": { "lr": [0.05, 0.1], "seed": [1, 2] } }""");
        var folder = Path.Combine(TestPaths.TempDir(), "sweep");
        (code, _, err) = CliTests.Run("sweep", sweep, "--out", folder, "--in-process", "--quiet");
        Assert.True(code == 0, err);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(folder, "results.csv")).Length);
        Assert.Contains("| lr-0.1 | 2 |", File.ReadAllText(Path.Combine(folder, "results.md")));
    }

    [Fact]
    public void AnUntrainedFakeJobRunsAndResumesThroughTheCommandLine()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("run", "fake-montecarlo", "--chunks", "6", "--fail-at", "4", "--out", dir, "--quiet");
        Assert.Equal(1, code);
        Assert.Contains("Chunk 4 failed on purpose", err);
        (code, _, err) = CliTests.Run("run", "fake-montecarlo", "--resume", dir, "--fail-at", "-1", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("different configuration", err);           // the options of a run are fixed
        var fresh = Path.Combine(TestPaths.TempDir(), "fresh");
        Assert.Equal(0, CliTests.Run("run", "fake-montecarlo", "--chunks", "6", "--out", fresh, "--quiet").Code);
        Assert.InRange((double)RunFolder.Open(fresh).ReadSummary()["pi"]!, 2.9, 3.4);
    }
}
