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
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Lstm)]
    public void CarryingTheStateAcrossWindowsEqualsOneLongPass(CellKind cell)
    {
        using var model = RngStreams.Seeded(3, () => new TiedLanguageModel(cell, 11, 8, 2));
        using var g = new Generator(5, CPU);
        var tokens = randint(0, 11, [12, 3], generator: g);
        var (whole, _, _) = model.Run(tokens, null, null);
        var (first, h, c) = model.Run(tokens.narrow(0, 0, 5), null, null);
        var (second, _, _) = model.Run(tokens.narrow(0, 5, 7), h, c);
        Assert.True(cat([first, second]).allclose(whole, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ACharacterModelLearnsARepetitiveText()
    {
        var path = Path.Combine(TestPaths.TempDir(), "text.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("to be or not to be, that is the question\n", 150)));
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "egru-lm", "--corpus", path, "--hidden", "32", "--layers", "1", "--bptt", "20", "--batch-size", "8",
            "--epochs", "4", "--lr", "0.01", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        double uniform = Math.Log2((int)summary["vocabulary"]!);
        Assert.True((double)summary["test_bpc"]! < 0.35 * uniform, $"test bpc {summary["test_bpc"]} against {uniform:F2} for guessing");
        Assert.Equal((double)summary["test_loss"]! / Math.Log(2), (double)summary["test_bpc"]!, 12);
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
