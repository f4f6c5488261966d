using System.Text.Json.Nodes;
using Parsimony.Experiments.EventProp;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Experiments.EventProp;

/// <summary>The EventProp commands end to end: a test-sized Yin-Yang run, resume, the baselines, images, bad options.</summary>
public class EventPropJobTests
{
    static JsonNode Summary(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;

    [Fact]
    public void P7ASingleSeedReaches97PercentOnYinYangInATestSizedRun()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "yy");
        var (code, _, err) = CliTests.Run("train", "eventprop-yinyang", "--epochs", "20", "--device", "cpu", "--out", dir, "--quiet");
        Assert.True(code == 0, err);
        var summary = Summary(dir);
        Assert.True((double)summary["test_accuracy"]! >= 0.97, $"test accuracy {summary["test_accuracy"]}");
        foreach (var figure in new[] { "decision-map.png", "true-classes.png", "rasters.png", "output-times.png", "curve-eval-test_accuracy.png", "curve-eval-hidden_spikes_per_sample.png" })
            Assert.True(File.Exists(Path.Combine(dir, "figures", figure)), figure);
        var model = Parsimony.Runs.SafeTensors.Load(Path.Combine(dir, "model.safetensors"));
        Assert.Equal([200L, 5], model["layer0.weight"].shape);                     // PyTorch's [out, in]
        Assert.Equal([3L, 200], model["layer1.weight"].shape);
    }

    [Fact]
    public void AStoppedRunResumesToTheSameBits()
    {
        var config = new YinYangEventPropConfig { Epochs = 2, TrainSamples = 300, Device = Parsimony.DeviceChoice.Cpu, InputDropout = 0.1 };
        var whole = TestRuns.New("train eventprop-yinyang", config);
        using (var job = new EventPropJob(config, new YinYangTask(config), "eventprop-yinyang")) TestRuns.Run(job, whole);
        var split = TestRuns.New("train eventprop-yinyang", config);
        using (var job = new EventPropJob(config, new YinYangTask(config), "eventprop-yinyang")) Assert.Null(TestRuns.Run(job, split, stopAfter: 13));
        using (var job = new EventPropJob(config, new YinYangTask(config), "eventprop-yinyang")) TestRuns.Run(job, split);
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));
        Assert.Equal(File.ReadAllText(Path.Combine(whole.Root, "summary.json")).Split('\n').Where(l => !l.Contains("seconds")),
                     File.ReadAllText(Path.Combine(split.Root, "summary.json")).Split('\n').Where(l => !l.Contains("seconds")));
    }

    [Fact]
    public void TheTimeSteppedAndSurrogateBaselinesTrain()
    {
        foreach (var method in new[] { new[] { "--method", "time-stepped", "--dt", "0.5" }, ["--method", "surrogate", "--readout", "vmax", "--dt", "1"] })
        {
            var dir = Path.Combine(TestPaths.TempDir(), method[1]);
            var (code, _, err) = CliTests.Run(["train", "eventprop-yinyang", .. method, "--epochs", "2", "--train-samples", "600", "--device", "cpu", "--out", dir, "--quiet"]);
            Assert.True(code == 0, err);
            Assert.True((double)Summary(dir)["test_accuracy"]! > 0.5, $"{method[1]}: {Summary(dir)["test_accuracy"]}");
            Assert.Contains(method[1] == "surrogate" ? "surrogate gradient" : "time-stepped", (string)Summary(dir)["method"]!);
        }
        var (c, _, e) = CliTests.Run("train", "eventprop-yinyang", "--method", "surrogate", "--dry-run");
        Assert.Equal(2, c);
        Assert.Contains("give --readout vmax as well", e);
    }

    [Fact]
    public void LatencyCodedImagesTrainFromAnIdxFolder()
    {
        var dir = TestPaths.TempDir();
        IdxTests.WriteSet(dir, "train", 400, seed: 1);
        IdxTests.WriteSet(dir, "t10k", 100, seed: 2);
        var run = Path.Combine(dir, "run");
        var (code, _, err) = CliTests.Run("train", "eventprop-images", "--images", dir, "--validation-images", "100", "--hidden", "40", "--epochs", "2",
                                          "--batch-size", "10", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var summary = Summary(run);
        Assert.Equal(300, (int)summary["train_samples"]!);
        Assert.True((double)summary["test_accuracy"]! > 0.5, $"accuracy {summary["test_accuracy"]} on separable synthetic images");
    }

    [Fact]
    public void BadOptionsAreRefusedBeforeAnyWork()
    {
        var (code, _, err) = CliTests.Run("train", "eventprop-yinyang", "--device", "cuda", "--dry-run");
        Assert.Equal(2, code);
        Assert.Contains("--device cannot be cuda: the exact event-driven simulator is plain C#", err);
        (code, _, err) = CliTests.Run("train", "eventprop-images", "--images", "/no/such/folder", "--dry-run");
        Assert.Equal(2, code);
        Assert.Contains("apt install dataset-fashion-mnist", err);
        (code, _, err) = CliTests.Run("train", "eventprop-yinyang", "--tau-syn", "20", "--dry-run");
        Assert.Equal(2, code);
        Assert.Contains("must differ from the membrane time constant", err);
    }
}
