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
    public void AStoppedEgruRunResumesToTheSameBits()
    {
        var config = new Parsimony.Experiments.Egru.SeqImageConfig
        {
            Images = Images(), Hidden = 12, Epochs = 2, BatchSize = 50, Zoneout = 0.1, DropConnect = 0.1, Device = Parsimony.DeviceChoice.Cpu,
        };
        var context = Parsimony.ComputeContext.Cpu;
        var whole = TestRuns.New("train egru-seqimage", config);
        using (var job = new Parsimony.Experiments.Egru.SeqImageJob(config, context)) TestRuns.Run(job, whole);
        var split = TestRuns.New("train egru-seqimage", config);
        using (var job = new Parsimony.Experiments.Egru.SeqImageJob(config, context)) Assert.Null(TestRuns.Run(job, split, stopAfter: 11));
        using (var job = new Parsimony.Experiments.Egru.SeqImageJob(config, context)) TestRuns.Run(job, split);
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));
    }

    [Fact]
    public void InferStreamsATrainedEgruEventByEventWithTheModelsScores()
    {
        var images = Images();
        var run = Path.Combine(TestPaths.TempDir(), "run");
        Assert.Equal(0, CliTests.Run("train", "egru-seqimage", "--images", images, "--hidden", "16", "--epochs", "2", "--batch-size", "20", "--lr", "0.01",
            "--zoneout", "0.1", "--device", "cpu", "--out", run, "--quiet").Code);
        foreach (var csr in new[] { false, true })
        {
            var (code, output, err) = CliTests.Run(["infer", run, "--count", "10", "--json", .. csr ? new[] { "--csr" } : []]);
            Assert.True(code == 0, err);
            var result = JsonNode.Parse(output)!;
            Assert.True((double)result["max_score_deviation"]! < 1e-4, $"scores differ from the TorchSharp model by {result["max_score_deviation"]}");
            Assert.Equal(28, (int)result["steps_per_sequence"]!);
            Assert.True((double)result["macs_per_step"]! < (double)result["dense_macs_per_step"]!);
            Assert.True((double)result["events_per_step"]! > 0);
        }
        var gru = Path.Combine(TestPaths.TempDir(), "gru");
        Assert.Equal(0, CliTests.Run("train", "egru-seqimage", "--images", images, "--cell", "gru", "--hidden", "4", "--epochs", "1", "--device", "cpu", "--out", gru, "--quiet").Code);
        var refused = CliTests.Run("infer", gru);
        Assert.Equal(2, refused.Code);
        Assert.Contains("holds a gru classifier", refused.Err);
        Assert.Equal(2, CliTests.Run("infer", run, "--test-image", "1000").Code);
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
