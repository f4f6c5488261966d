using System.Text.Json.Nodes;
using Parsimony.Models.Language;
using Parsimony.Models.Rnn;
using Parsimony.Tests.Cli;
using static TorchSharp.torch;

namespace Parsimony.Tests.Experiments.Egru;

/// <summary><c>train egru-lm</c> at character and word level, and the carried state of the tied language model.</summary>
public class LmJobTests
{
    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    [InlineData("egru")]
    public void CarryingTheStateAcrossWindowsEqualsOneLongPass(string cell)
    {
        using var scope = NewDisposeScope();
        ICarryingLanguageModel model = cell == "egru"
            ? RngStreams.Seeded(3, () => new Parsimony.Models.Egru.EgruLanguageModel(new Parsimony.Models.Egru.EgruSpec(8, [8, 8], ThresholdMean: 0.05), 11))
            : RngStreams.Seeded(3, () => new TiedLanguageModel(cell == "gru" ? CellKind.Gru : CellKind.Lstm, 11, 8, 2));
        using var g = new Generator(5, CPU);
        var tokens = randint(0, 11, [12, 3], generator: g);
        var (whole, _) = model.Run(tokens, null);
        var (first, state) = model.Run(tokens.narrow(0, 0, 5), null);
        var (second, _) = model.Run(tokens.narrow(0, 5, 7), state);
        if (cell == "egru")
        {
            // The reference carries y only (h and the trace restart at 0), so a second window differs from one long pass
            // by design; its first window must still equal the long pass's first steps.
            Assert.True(first.allclose(whole.narrow(0, 0, 5), rtol: 1e-5, atol: 1e-6));
            Assert.False(second.allclose(whole.narrow(0, 5, 7), rtol: 1e-5, atol: 1e-6));
        }
        else Assert.True(cat([first, second]).allclose(whole, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ACharacterModelLearnsARepetitiveText()
    {
        var path = Path.Combine(TestPaths.TempDir(), "text.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("to be or not to be, that is the question\n", 150)));
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "egru-lm", "--corpus", path, "--cell", "gru", "--hidden", "32", "--layers", "1", "--bptt", "20", "--batch-size", "8",
            "--epochs", "4", "--lr", "0.01", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        double uniform = Math.Log2((int)summary["vocabulary"]!);
        Assert.True((double)summary["test_bpc"]! < 0.35 * uniform, $"test bpc {summary["test_bpc"]} against {uniform:F2} for guessing");
        Assert.Equal((double)summary["test_loss"]! / Math.Log(2), (double)summary["test_bpc"]!, 12);
    }

    [Fact]
    public void AnEgruLanguageModelLearnsWithFrozenThresholdsAndReportsItsSparsity()
    {
        var path = Path.Combine(TestPaths.TempDir(), "text.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("to be or not to be, that is the question\n", 150)));
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "egru-lm", "--corpus", path, "--hidden", "32", "--layers", "1", "--bptt", "20", "--batch-size", "8",
            "--epochs", "4", "--lr", "0.01", "--threshold-mean", "0.1", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        double uniform = Math.Log2((int)summary["vocabulary"]!);
        Assert.True((double)summary["test_bpc"]! < 0.6 * uniform, $"test bpc {summary["test_bpc"]} against {uniform:F2} for guessing");
        Assert.InRange((double)summary["activity_sparsity"]!, 0.01, 0.999);
        Assert.Equal("egru", (string)summary["cell"]!);
    }

    [Fact]
    public void AWordModelReportsPerplexity()
    {
        var dir = TestPaths.TempDir();
        string Text(int seed) => string.Join("\n", Enumerable.Range(0, 300).Select(i => $"the cat sat on the mat {(i + seed) % 5}"));
        File.WriteAllText(Path.Combine(dir, "valid.txt"), Text(0));
        File.WriteAllText(Path.Combine(dir, "test.txt"), Text(1));
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "egru-lm", "--level", "word", "--corpus", dir, "--cell", "lstm", "--hidden", "16", "--layers", "1",
            "--bptt", "10", "--batch-size", "4", "--epochs", "3", "--lr", "0.01", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal(Math.Exp((double)summary["test_loss"]!), (double)summary["test_ppl"]!, 9);
        Assert.True((double)summary["test_ppl"]! < 4, $"perplexity {summary["test_ppl"]} (vocabulary {summary["vocabulary"]})");
    }

    [Theory]
    [InlineData("--bptt", "2", "--bptt must be at least 5")]
    [InlineData("--cosine-start", "9", "--cosine-start must be an epoch in 0 … 2")]
    public void BadOptionsAreRefused(string option, string value, string message)
    {
        var (code, _, err) = CliTests.Run("train", "egru-lm", option, value, "--dry-run");
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }
}
