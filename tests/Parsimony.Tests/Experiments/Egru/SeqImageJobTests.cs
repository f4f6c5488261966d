using System.Text.Json.Nodes;
using Parsimony.Tests.Cli;
using Parsimony.Tests.Experiments.EventProp;

namespace Parsimony.Tests.Experiments.Egru;

/// <summary><c>train egru-seqimage</c> on a small generated IDX set of two classes (a bright left or right half).</summary>
public class SeqImageJobTests
{
    static string Images()
    {
        var dir = TestPaths.TempDir();
        IdxTests.WriteSet(dir, "train", 500, seed: 1);
        IdxTests.WriteSet(dir, "t10k", 100, seed: 2);
        return dir;
    }

    [Theory]
    [InlineData("egru", "rows")]
    [InlineData("gru", "rows")]
    [InlineData("lstm", "pixels14")]
    public void ARecurrentClassifierLearnsTheImagesAsSequences(string cell, string sequence)
    {
        var images = Images();
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "egru-seqimage", "--images", images, "--cell", cell, "--sequence", sequence, "--hidden", "16",
            "--epochs", "3", "--batch-size", "20", "--lr", "0.01", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.True((double)summary["test_accuracy"]! > 0.9, $"test accuracy {summary["test_accuracy"]}");
        Assert.Equal(400, (int)summary["train_samples"]!);                                     // 80/20 split
        Assert.Equal(cell, (string)summary["cell"]!);
    }

    [Fact]
    public void AFolderWithoutImagesIsRefusedBeforeARunFolderExists()
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "egru-seqimage", "--images", TestPaths.TempDir(), "--device", "cpu", "--out", run);
        Assert.NotEqual(0, code);
        Assert.Contains("has no train-images-idx3-ubyte", err);
        Assert.False(Directory.Exists(run));
    }
}
