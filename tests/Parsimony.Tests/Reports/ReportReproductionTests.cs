using Parsimony.Runs;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Reports;

/// <summary>
/// <c>parsimony report DIR</c> rebuilds the very report a command wrote — HTML and every figure, byte for byte — from the
/// run folder alone, for every command that writes one.
/// </summary>
public class ReportReproductionTests
{
    static string Corpus()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "corpus");
        Directory.CreateDirectory(dir);
        string Text(int seed, int lines) => string.Join("\n", Enumerable.Range(0, lines).Select(i => string.Join(' ', Enumerable.Range(0, 3 + (i + seed) % 4).Select(j => $"w{(i * 7 + j * 3 + seed) % 11}"))));
        File.WriteAllText(Path.Combine(dir, "valid.txt"), Text(1, 200));
        File.WriteAllText(Path.Combine(dir, "test.txt"), Text(2, 40));
        return dir;
    }

    public static TheoryData<string, string[]> Commands() => new()
    {
        { "demo", ["--hidden", "16", "--place-cells", "8", "--batch-size", "4", "--sequence-length", "6", "--epochs", "2", "--steps", "3", "--stabilizer-epochs", "1", "--device", "cpu"] },
        { "train navigation", ["--hidden", "16", "--place-cells", "8", "--batch-size", "4", "--sequence-length", "6", "--epochs", "2", "--steps", "2", "--device", "cpu"] },
        { "train adding", ["--sequence-length", "6", "--train-samples", "64", "--test-samples", "16", "--hidden", "8", "--epochs", "2", "--stabilizer-epochs", "0", "--device", "cpu"] },
        { "train lm", ["--hidden", "8", "--layers", "1", "--batch-size", "4", "--eval-batch-size", "3", "--bptt", "5", "--epochs", "2", "--max-batches", "4", "--device", "cpu"] },
        { "train ssi-place", ["--readout", "4", "--hidden", "8", "--sequence-length", "10", "--batch-size", "4", "--epochs", "1", "--steps", "2", "--eval-batches", "1", "--device", "cpu"] },
        { "train ssi-hd", ["--readout", "4", "--hidden", "8", "--sequence-length", "10", "--batch-size", "4", "--epochs", "1", "--steps", "2", "--eval-batches", "1", "--device", "cpu"] },
        { "info", ["--shuffles", "4"] },
        { "train eventprop-yinyang", ["--epochs", "1", "--train-samples", "200", "--hidden", "30", "--device", "cpu"] },
        { "train egru-seqimage", ["--hidden", "8", "--epochs", "1", "--batch-size", "50", "--device", "cpu"] },
        { "train sernn-population", ["--networks", "3", "--stack-size", "2", "--parallel-stacks", "1", "--lambda-steps", "4", "--grid-x", "2", "--grid-y", "2", "--grid-z", "2", "--hidden", "8", "--epochs", "1", "--batch-size", "32", "--train-trials", "64", "--validation-trials", "32", "--record-trials", "16", "--null-graphs", "4", "--device", "cpu"] },
        { "train sernn", ["--grid-x", "2", "--grid-y", "2", "--grid-z", "2", "--hidden", "8", "--epochs", "1", "--batch-size", "32", "--train-trials", "64", "--validation-trials", "32", "--record-trials", "16", "--null-graphs", "4", "--device", "cpu"] },
        { "train fake-regression", [] },
        { "run olfaction", ["--odorants", "100", "--mixture-sizes", "1,2", "--odorant-counts", "50,100", "--trials", "5", "--breadth-points", "4", "--receptor-points", "3"] },
        { "run fake-montecarlo", ["--chunks", "3", "--samples-per-chunk", "100"] },
        { "run dentate", ["--model", "2", "--instances", "1", "--dt-ms", "1", "--ablate", "FF_Inh:GC"] },
        { "run dentate-optimize", ["--model", "1", "--population", "4", "--generations", "1", "--instances", "1"] },
        { "run rich-lazy", ["--scales", "0.01:0.5,3:1.5", "--runs", "2", "--steps", "200", "--hidden", "16", "--l2-levels", "2", "--l2-runs", "2"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void ReportRebuildsTheOriginalFromTheFolder(string command, string[] options)
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        string[] args = [.. command.Split(' '), .. options, .. command == "train lm" ? new[] { "--corpus", Corpus() } : [], .. command == "train egru-seqimage" ? new[] { "--images", SmallImages() } : [], .. command == "info" ? new[] { "--input", ShippedRecording(), "--counts", "Qrun", "--stimulus", "angRun:1", "--sample-seconds", "0.01" } : [],
                         "--out", dir, "--quiet"];
        var (code, _, err) = CliTests.Run(args);
        Assert.True(code == 0, err);
        var run = RunFolder.Open(dir);
        var originals = Outputs(run);
        Assert.Contains("report.html", originals.Keys);
        Assert.Contains(originals.Keys, k => k.StartsWith("figures/") && !k.StartsWith("figures/curve-"));
        File.Delete(run.ReportPath);
        foreach (var png in Directory.GetFiles(run.FiguresDir, "*.png")) File.Delete(png);

        (code, _, err) = CliTests.Run("report", dir, "--quiet");
        Assert.True(code == 0, err);
        var rebuilt = Outputs(run);
        Assert.Equal(originals.Keys.Order(), rebuilt.Keys.Order());
        foreach (var (name, bytes) in originals) Assert.True(bytes.SequenceEqual(rebuilt[name]), $"{command}: {name} differs after rebuilding");
    }

    static string SmallImages()
    {
        var dir = TestPaths.TempDir();
        Experiments.EventProp.IdxTests.WriteSet(dir, "train", 200, seed: 1);
        Experiments.EventProp.IdxTests.WriteSet(dir, "t10k", 50, seed: 2);
        return dir;
    }

    static string ShippedRecording() => Analysis.HeadDirectionRecordingTests.DataPath;

    /// <summary>report.html and every PNG, by path relative to the run folder.</summary>
    static Dictionary<string, byte[]> Outputs(RunFolder run) =>
        Directory.GetFiles(run.FiguresDir, "*.png").Append(run.ReportPath)
            .ToDictionary(f => Path.GetRelativePath(run.Root, f).Replace('\\', '/'), File.ReadAllBytes);
}
