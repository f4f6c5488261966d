using System.Text.Json.Nodes;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Experiments.Moduli;

/// <summary><c>parsimony infer</c> on pruned moduli RNN runs: the streaming engine's outputs equal the TorchSharp model's.</summary>
public class RnnInferenceTests
{
    static JsonNode Infer(params string[] args)
    {
        var (code, output, err) = CliTests.Run(["infer", .. args, "--json"]);
        Assert.True(code == 0, err);
        return JsonNode.Parse(output)!;
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("elman")]
    [InlineData("lstm")]
    public void APrunedAddingRunStreamsWithTheModelsPredictions(string cell)
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "adding", "--cell", cell, "--sequence-length", "8", "--train-samples", "64", "--test-samples", "16",
            "--hidden", "16", "--epochs", "3", "--target-sparsity", "0.9", "--stabilizer-epochs", "0", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        double trained = (double)JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!["test_mse"]!;
        foreach (var csr in new[] { false, true })
        {
            var result = Infer([run, "--count", "16", .. csr ? new[] { "--csr" } : []]);
            Assert.True((double)result["max_output_deviation"]! < 1e-5, $"outputs differ from the TorchSharp model by {result["max_output_deviation"]}");
            Assert.Equal(8, (int)result["steps_per_sequence"]!);
            Assert.Equal(trained, (double)result["test_mse"]!, 1e-5);                                          // the run's whole test set, streamed
            if (csr)
            {
                Assert.True((double)result["macs_per_step"]! < 0.3 * (double)result["dense_macs_per_step"]!);     // 90% of the weights are gone
                Assert.True((long)result["recurrent_weights_stored"]! < 0.3 * (long)result["recurrent_weights_dense"]!);
            }
        }
        var csv = Path.Combine(TestPaths.TempDir(), "x.csv");
        File.WriteAllText(csv, "# value, marker\n0.5,1\n0.1,0\n0.3,1\n0.2,0\n");
        var streamed = Infer(run, "--input", csv, "--csr");
        Assert.Equal(4, (int)streamed["steps_per_sequence"]!);
        Assert.True((double)streamed["max_output_deviation"]! < 1e-5);
        Assert.Single(streamed["outputs"]!.AsArray());
    }

    [Fact]
    public void ANavigationRunStreamsTheDecodedPlaceCodeOfEveryStep()
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "navigation", "--hidden", "32", "--place-cells", "16", "--batch-size", "8", "--sequence-length", "10",
            "--epochs", "3", "--steps", "3", "--target-sparsity", "0.8", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var result = Infer(run, "--count", "5", "--csr");
        Assert.True((double)result["max_output_deviation"]! < 1e-4, $"read-outs differ from the TorchSharp model by {result["max_output_deviation"]}");
        Assert.Equal(10, (int)result["steps_per_sequence"]!);
        Assert.True((double)result["error_cm"]! > 0);
        Assert.True((double)result["nonzero_units_per_step"]! <= 32);
    }

    [Fact]
    public void AWordLanguageModelStreamsTheVocabularyLogitsOfEveryToken()
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "lm", "--hidden", "8", "--layers", "2", "--batch-size", "4", "--eval-batch-size", "3", "--bptt", "5",
            "--epochs", "2", "--max-batches", "4", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var result = Infer(run, "--count", "3", "--csr");
        Assert.True((double)result["max_output_deviation"]! < 1e-4, $"logits differ from the TorchSharp model by {result["max_output_deviation"]}");
        Assert.Equal(5, (int)result["steps_per_sequence"]!);
        Assert.InRange((double)result["test_ppl"]!, 1, 1e6);
        Assert.Equal(2, CliTests.Run("infer", run, "--input", run + "/config.json").Code);                  // a language model streams its test split
    }

    [Fact]
    public void BadInputIsAUsageError()
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        Assert.Equal(0, CliTests.Run("train", "adding", "--sequence-length", "6", "--train-samples", "32", "--test-samples", "8", "--hidden", "8",
            "--epochs", "1", "--stabilizer-epochs", "0", "--device", "cpu", "--out", run, "--quiet").Code);
        var dir = TestPaths.TempDir();
        void Refused(string contains, params string[] args)
        {
            var (code, _, err) = CliTests.Run(["infer", .. args]);
            Assert.Equal(2, code);
            Assert.Contains(contains, err);
        }
        File.WriteAllText(Path.Combine(dir, "three.csv"), "1,2,3\n");
        File.WriteAllText(Path.Combine(dir, "empty.csv"), "# nothing\n");
        File.WriteAllText(Path.Combine(dir, "nan.csv"), "0.5,NaN\n");
        File.WriteAllText(Path.Combine(dir, "word.csv"), "0.5,1\n0.5,one\n");                             // a first line of words would be a header
        Refused("has 3 values; this model reads 2", run, "--input", Path.Combine(dir, "three.csv"));
        Refused("empty", run, "--input", Path.Combine(dir, "empty.csv"));
        Refused("not a finite number", run, "--input", Path.Combine(dir, "nan.csv"));
        Refused("'one' is not a number", run, "--input", Path.Combine(dir, "word.csv"));
        Refused("no file", run, "--input", Path.Combine(dir, "missing.csv"));
        Refused("must stay in the 8 test sequences", run, "--test-sequence", "7", "--count", "2");
    }
}
