namespace Parsimony.Tests.Cli;

/// <summary>What the command line prints when its output is not a terminal, and where it finds the shipped data.</summary>
public class OutputTests
{
    [Fact]
    public void RedirectedOutputIsOneLinePerRecordNeverWrapped()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, output, err) = CliTests.Run("train", "adding", "--sequence-length", "6", "--train-samples", "64", "--test-samples", "16",
            "--hidden", "8", "--epochs", "2", "--stabilizer-epochs", "0", "--device", "cpu", "--out", dir);
        Assert.True(code == 0, err);
        var lines = output.Split('\n');
        var epoch = Assert.Single(lines, l => l.StartsWith("epoch 1/2"));
        Assert.Contains("test_mse", epoch);                                      // the whole record on its line
        Assert.True(epoch.Length > 80, "the line is longer than a default terminal and not wrapped");
        Assert.Contains(lines, l => l.TrimStart().StartsWith("test_mse ") && l.Trim().Split("  ", StringSplitOptions.RemoveEmptyEntries).Length == 2);
        Assert.DoesNotContain("│", output);                                       // no table drawing off a terminal
    }

    static (int Code, string Err) RunElsewhere(string? data, params string[] args)
    {
        var (code, _, err) = CliProcess.Run(args, new Dictionary<string, string?> { ["PARSIMONY_DATA"] = data }, TestPaths.TempDir());
        return (code, err);
    }

    [Fact]
    public void TheShippedDataIsFoundFromAnotherFolderOrNamedWhereItWasLookedFor()
    {
        var (code, err) = RunElsewhere(Path.GetFullPath(TestPaths.SharedData), "info", "--shuffles", "0", "--quiet", "--out", Path.Combine(TestPaths.TempDir(), "a"));
        Assert.True(code == 0, err);
        var empty = TestPaths.TempDir();
        (code, err) = RunElsewhere(empty, "info", "--shuffles", "0", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains($"PARSIMONY_DATA names '{empty}', which has no hd-mouse/dataHD.mat", err);
        Assert.Contains("Give --input explicitly", err);
    }
}
