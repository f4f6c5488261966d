using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Tests.Runs;

public class RunFolderTests
{
    [Fact]
    public void RefusesNonEmptyFolder()
    {
        var dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "x"), "");
        var e = Assert.Throws<ParsimonyException>(() => RunFolder.CreateNew(dir, "t"));
        Assert.Contains("--resume", e.Message);
    }

    [Fact]
    public void UnwritableFolderIsAClearError()
    {
        var file = Path.Combine(TestPaths.TempDir(), "file");
        File.WriteAllText(file, "");
        var e = Assert.Throws<ParsimonyException>(() => RunFolder.CreateNew(Path.Combine(file, "run"), "t"));
        Assert.Contains("Cannot write", e.Message);
    }

    [Fact]
    public void TruncateMetricsDropsLaterSteps()
    {
        var run = RunFolder.CreateNew(Path.Combine(TestPaths.TempDir(), "r"), "t");
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
    public void OpenRejectsFolderWithoutConfig()
    {
        var e = Assert.Throws<ParsimonyException>(() => RunFolder.Open(TestPaths.TempDir()));
        Assert.Contains("config.json", e.Message);
    }
}
