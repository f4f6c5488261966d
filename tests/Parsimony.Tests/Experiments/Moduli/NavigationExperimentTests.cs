using System.Text.Json.Nodes;
using Parsimony.Experiments.Moduli.Navigation;
using Parsimony.Runs;
using Parsimony.Sparsity;

namespace Parsimony.Tests.Experiments.Moduli;

public class NavigationExperimentTests
{
    internal static readonly NavigationConfig Tiny = new()
    {
        Hidden = 24, PlaceCells = 16, BatchSize = 6, SequenceLength = 8, Epochs = 3, Steps = 4, ValidationBatches = 1,
        Lr = 1e-3, Lottery = true, Device = DeviceChoice.Cpu,
    };

    static RunFolder NewRun(NavigationConfig config) => TestRuns.New("train navigation", config);

    static JsonObject? Train(RunFolder run, NavigationConfig config, long? stopAfter = null)
    {
        using var job = new NavigationExperiment(config, ComputeContext.Cpu);
        return TestRuns.Run(job, run, stopAfter, logEvery: 2);
    }

    [Fact]
    public void LotteryRunKeepsTheFinalMasksWithFreshWeightsAndWritesTheReport()
    {
        var run = NewRun(Tiny);
        var summary = Train(run, Tiny)!;
        foreach (var key in new[] { "err_cm", "err_cm_raw", "sparsity", "before_lottery_err_cm", "sparsity rnn.rnn.weight_hh_l0",
                                   "hidden_ssi_bits_per_spike", "hidden_skaggs_bits_per_spike", "dense_hidden_ssi_bits_per_spike" })
            Assert.True(summary.ContainsKey(key), key);
        var weights = SafeTensors.Load(run.ModelPath);
        long total = 0, pruned = 0;
        foreach (var name in new[] { "encoder.weight", "decoder.weight", "rnn.rnn.weight_ih_l0", "rnn.rnn.weight_hh_l0" })
        {
            var mask = weights["masks." + MagnitudePruner.MaskKey(name)];
            Assert.True((weights[name].masked_select(mask == 0) == 0).all().item<bool>(), $"{name}: pruned weights must be zero");
            total += mask.numel();
            pruned += (mask == 0).sum().item<long>();
        }
        Assert.Equal((long)Math.Round(0.9 * total, MidpointRounding.AwayFromZero), pruned);
        Assert.Equal(0.9, (double)summary["sparsity"]!, 3);
        foreach (var png in new[] { "recurrent-weights-ordered.png", "penalty-ordered.png", "decoded-trajectories.png", "rate-maps.png", "sparsity-per-matrix.png" })
            Assert.True(File.Exists(Path.Combine(run.FiguresDir, png)), png);
        Assert.True(weights.ContainsKey("moduli.embedding0"));
    }

    [Fact]
    public void ResumeInsideTheLotteryPhaseIsBitIdentical()
    {
        var whole = NewRun(Tiny);
        Train(whole, Tiny);
        var split = NewRun(Tiny);
        Assert.Null(Train(split, Tiny, stopAfter: 4 * 4 + 2)); // stops in the second lottery epoch
        Train(split, Tiny);
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));
    }

    [Fact]
    public void LearnedEmbeddingMovesAndDenseRunsHaveNoMasks()
    {
        var config = Tiny with { TrainEmbedding = true, TargetSparsity = 0, Lottery = false, Epochs = 2 };
        var run = NewRun(config);
        using var job = new NavigationExperiment(config, ComputeContext.Cpu);
        var before = job.State.Model.named_parameters().Single(p => p.name == "moduli.embedding0").parameter.detach().clone();
        TestRuns.Run(job, run);
        var after = SafeTensors.Load(run.ModelPath);
        Assert.False(after.ContainsKey("masks." + MagnitudePruner.MaskKey("rnn.rnn.weight_hh_l0")));
        Assert.True((after["moduli.embedding0"] - before).abs().max().item<float>() > 0);
    }

    [Fact]
    public void ARunBelowItsTargetSparsitySaysSoAndTheDenseBaselineIsATrainedEpoch()
    {
        using var job = new NavigationExperiment(Tiny with { DenseEpochs = 2, Lottery = false }, ComputeContext.Cpu);
        Assert.Contains("below its target 0.9", Assert.Single(job.Notes));          // nothing pruned yet
        var run = NewRun(Tiny with { DenseEpochs = 2, Lottery = false });
        var summary = TestRuns.Run(job, run)!;
        Assert.Empty(job.Notes);
        Assert.Equal(3, (double)summary["dense_epoch"]!);                              // epochs 1, 2 dense, 3 the schedule's dense start
        Assert.True(File.Exists(Path.Combine(run.FiguresDir, "recurrent-weights-dense.png")));
        var eval = run.ReadMetrics().Where(l => (string?)l["kind"] == "eval").ToList();
        Assert.Equal([4, 4, 0, 0, 0], eval.Select(l => (int)(double)l["phase"]!));
        Assert.Equal(0, (double)eval[2]["sparsity"]!);
        Assert.True((double)eval[3]["sparsity"]! > 0);
    }
}
