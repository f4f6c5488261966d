using System.Text.Json.Nodes;

namespace Parsimony.Tests.Cli;

public class ModuliCliTests
{
    [Fact]
    public void RegularizerPrintsTheStatisticsAndDrawsTheHeatMap()
    {
        var png = Path.Combine(TestPaths.TempDir(), "r.png");
        var (code, output, _) = CliTests.Run("regularizer", "--space", "torus", "--json", "--heatmap", png);
        Assert.Equal(0, code);
        var result = JsonNode.Parse(output)!;
        Assert.InRange((double)result["mean"]!, 65.3, 67.3);
        Assert.InRange((double)result["max"]!, 80.6, 81.6);
        Assert.True(File.Exists(png));
    }

    [Theory]
    [InlineData("regularizer", "--space", "moebius", "--space is 'moebius', which is not a known space")]
    [InlineData("regularizer", "--space", "standard", "--legacy-quirks")]
    [InlineData("train", "navigation", "--target-sparsity", "1.2", "--target-sparsity must be in [0, 1)")]
    [InlineData("train", "navigation", "--lambda", "-1", "--lambda must be ≥ 0")]
    [InlineData("train", "adding", "--space", "klien", "Valid spaces")]
    public void BadModuliInputIsAClearError(string command, params string[] rest)
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        string[] args = command == "train" ? [command, rest[0], rest[1], rest[2], "--out", dir] : [command, rest[0], rest[1]];
        var (code, _, err) = CliTests.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(rest[^1], err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void DemoAndNavigationShareOptionsWithDifferentDefaults()
    {
        var (code, demo, _) = CliTests.Run("demo", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--hidden", demo);
        Assert.Contains("default: 256", demo);
        var (_, navigation, _) = CliTests.Run("train", "navigation", "--help");
        Assert.Contains("default: 4096", navigation);
    }

    [Fact]
    public void BenchNavigationStepTimesTheTrainersStep()
    {
        var (code, output, _) = CliTests.Run("bench", "navigation-step", "--hidden", "32", "--place-cells", "16", "--batch-size", "4",
            "--sequence-length", "5", "--iterations", "3", "--warmup", "1", "--device", "cpu", "--tf32", "--json");
        Assert.Equal(0, code);
        var result = JsonNode.Parse(output)!;
        Assert.True((double)result["ms_per_step"]! > 0);
        Assert.Equal(1, (int)result["check_every"]!);       // the trainer's CPU default
        Assert.True((bool)result["tf32"]!);
        var (bad, _, err) = CliTests.Run("bench", "navigation-step", "--hidden", "32", "--iterations", "0");
        Assert.Equal(2, bad);
        Assert.Contains("--iterations must be at least 1", err);
    }
}
