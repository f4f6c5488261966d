using System.Text.Json.Nodes;
using Parsimony.Experiments.Sernn;
using Parsimony.Models.Sernn;
using Parsimony.Regularization;
using Parsimony.Tests.Cli;
using static TorchSharp.torch;

namespace Parsimony.Tests.Experiments.Sernn;

/// <summary><c>train sernn</c> at toy size: Keras semantics, snapshots, resume, bad input.</summary>
public class SernnJobTests
{
    static SernnConfig Tiny(SpatialPenalty penalty = SpatialPenalty.Sernn) => new()
    {
        Penalty = penalty, Lambda = 0.05, GridX = 2, GridY = 2, GridZ = 2, Hidden = 8, Epochs = 2, BatchSize = 32, TrainTrials = 96,
        ValidationTrials = 64, RecordTrials = 16, NullGraphs = 4, Restarts = 2, Density = 0.3, Lr = 0.01, Device = Parsimony.DeviceChoice.Cpu,
    };

    [Fact]
    public void TheRnnComputesKerasSimpleRnnInTheKerasOrientation()
    {
        var rnn = RngStreams.Seeded(1, () => new KerasRnn(2, 3, 2));
        var p = rnn.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter);
        Assert.Equal([2L, 3], p["kernel"].shape);
        Assert.Equal([3L], p["bias"].shape);                                   // one bias, Keras-style
        Assert.InRange(p["kernel"].abs().max().item<float>(), 0, (float)Math.Sqrt(6.0 / 5));
        using var x = tensor(new float[] { 1, 0, 0, 0, 0, 1 }, [1, 3, 2]);
        var (k, u, b) = (p["kernel"].detach(), p["recurrent_kernel"].detach(), p["bias"].detach());
        var h = zeros(1, 3);
        for (int t = 0; t < 3; t++) h = nn.functional.relu(x[.., t].matmul(k) + h.matmul(u) + b);
        using var _ = no_grad();
        Assert.True(rnn.Run(x, keep: false).Last.allclose(h, atol: 1e-6));
        var (_, pre, states) = rnn.Run(x, keep: true);
        Assert.Equal([1L, 3, 3], states!.shape);
        Assert.True(nn.functional.relu(pre!).allclose(states));
    }

    [Fact]
    public void AStoppedRunResumesToTheSameBitsWithEverySnapshot()
    {
        var config = Tiny();
        var context = Parsimony.ComputeContext.Cpu;
        var whole = TestRuns.New("train sernn", config);
        JsonObject summary;
        using (var job = new SernnJob(config, context)) summary = TestRuns.Run(job, whole)!;
        var split = TestRuns.New("train sernn", config);
        using (var job = new SernnJob(config, context)) Assert.Null(TestRuns.Run(job, split, stopAfter: 4));
        using (var job = new SernnJob(config, context)) TestRuns.Run(job, split);
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));
        var weights = Parsimony.Runs.SafeTensors.Load(whole.ModelPath);
        var snapshots = weights["snapshots"];
        Assert.Equal([3L, 8, 8], snapshots.shape);                             // initialisation + 2 epochs
        Assert.True(snapshots[2].allclose(weights["rnn.recurrent_kernel"], rtol: 0, atol: 0));
        Assert.False(snapshots[0].allclose(snapshots[2], rtol: 0, atol: 0));
        foreach (var key in new[] { "modularity", "small_world", "weight_distance_r", "mixed_selectivity_r", "energy", "validation_accuracy" })
            Assert.True(summary.ContainsKey(key), key);
        foreach (var figure in new[] { "grid-connections", "weight-distance", "structure-over-epochs", "explained-variance" })
            Assert.True(File.Exists(Path.Combine(whole.FiguresDir, figure + ".png")), figure);
    }

    [Fact]
    public void ASpatialPenaltyShrinksTheKernelEveryEpoch()
    {
        var config = Tiny() with { Lambda = 0.5, Epochs = 3 };
        using var job = new SernnJob(config, Parsimony.ComputeContext.Cpu);
        TestRuns.Run(job, TestRuns.New("train sernn", config));
        var totals = Enumerable.Range(0, 4).Select(e => Parsimony.Analysis.Graph.WeightStatistics.TotalWeight(job.Kernel(e))).ToArray();
        for (int e = 1; e < 4; e++) Assert.True(totals[e] < totals[e - 1], $"Σ|U| over epochs: {string.Join(", ", totals)}");
    }

    [Fact]
    public void AGridThatDoesNotMatchTheHiddenLayerOrANegativeStrengthIsAUsageError()
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "sernn", "--hidden", "64", "--out", run);
        Assert.Equal(2, code);
        Assert.Contains("--hidden is 64 but the 5 × 5 × 4 grid has 100 units", err);
        Assert.False(Directory.Exists(run));
        (code, _, err) = CliTests.Run("train", "sernn", "--lambda", "-0.1", "--out", run);
        Assert.Equal(2, code);
        Assert.Contains("--lambda", err);
    }
}
