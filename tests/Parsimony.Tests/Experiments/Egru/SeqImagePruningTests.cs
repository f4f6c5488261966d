using System.Text.Json.Nodes;
using Parsimony.Experiments.Egru;
using Parsimony.Runs;
using Parsimony.Sparsity;
using Parsimony.Tests.Cli;
using Parsimony.Tests.Experiments.EventProp;
using static TorchSharp.torch;

namespace Parsimony.Tests.Experiments.Egru;

/// <summary><c>train egru-seqimage --target-sparsity</c>: magnitude pruning of the recurrent layers, blocks, lottery, resume and <c>infer --csr</c>.</summary>
public class SeqImagePruningTests
{
    static readonly string[] Matrices = ["network.layers.0.weight_ih", "network.layers.0.weight_hh"];

    static string Images()
    {
        var dir = TestPaths.TempDir();
        IdxTests.WriteSet(dir, "train", 500, seed: 1);
        IdxTests.WriteSet(dir, "t10k", 100, seed: 2);
        return dir;
    }

    static SeqImageConfig Config(string images, int block = 1, bool lottery = false) => new()
    {
        Images = images, Hidden = 32, Epochs = 3, StabilizerEpochs = 1, TargetSparsity = 0.75, PruneBlock = block, Lottery = lottery,
        BatchSize = 50, Lr = 0.01, Device = DeviceChoice.Cpu,
    };

    /// <summary>Asserts that every block of <paramref name="block"/> consecutive outputs of one input of <paramref name="mask"/> is all-zero or all-live.</summary>
    internal static void AssertBlocks(Tensor mask, int block, string name)
    {
        for (long start = 0; start < mask.shape[0]; start += block)
        {
            var rows = mask.narrow(0, start, Math.Min(block, mask.shape[0] - start));
            Assert.True((rows.amax(0) == rows.amin(0)).all().item<bool>(), $"{name}: outputs {start}… of some input are partly pruned");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void APrunedEgruEndsAtItsTargetWithPrunedWeightsExactlyZero(int block)
    {
        var config = Config(Images(), block);
        var run = TestRuns.New("train egru-seqimage", config);
        JsonObject summary;
        using (var job = new SeqImageJob(config, ComputeContext.Cpu))
        {
            Assert.Equal(4, job.Epochs);                                                    // 3 pruning epochs + 1 stabilizer
            summary = TestRuns.Run(job, run)!;
        }
        var weights = SafeTensors.Load(run.ModelPath);
        long total = 0, pruned = 0;
        foreach (var name in Matrices)
        {
            var mask = weights["masks." + MagnitudePruner.MaskKey(name)];
            Assert.Equal(weights[name].shape, mask.shape);
            Assert.True((weights[name].masked_select(mask == 0) == 0).all().item<bool>(), $"{name}: pruned weights must be exactly zero");
            if (block > 1) AssertBlocks(mask, block, name);
            total += mask.numel();
            pruned += (mask == 0).sum().item<long>();
        }
        Assert.Equal((long)Math.Round(0.75 * total), pruned);                               // 96 × (28 + 32) weights: whole blocks of 16 too
        Assert.Equal(pruned / (double)total, (double)summary["sparsity"]!, 12);
        Assert.True((double)summary["test_accuracy"]! > 0.9, $"test accuracy {summary["test_accuracy"]}");
        var epochs = File.ReadAllLines(run.MetricsPath).Select(l => JsonNode.Parse(l)!).Where(m => m["sparsity"] is not null).ToList();
        Assert.Equal([0, 0.375, 0.75, 0.75], epochs.Select(m => Math.Round((double)m["sparsity"]!, 6)));  // linear: dense, T/2, T, stabilizer
    }

    [Theory]
    [InlineData(SequenceCell.Gru)]
    [InlineData(SequenceCell.Lstm)]
    public void AGruOrLstmIsPrunedOnItsInputAndRecurrentMatrices(SequenceCell cell)
    {
        var config = Config(Images(), block: 16) with { Cell = cell, Hidden = 16, Epochs = 2, StabilizerEpochs = 0 };
        var run = TestRuns.New("train egru-seqimage", config);
        using (var job = new SeqImageJob(config, ComputeContext.Cpu)) TestRuns.Run(job, run);
        var weights = SafeTensors.Load(run.ModelPath);
        string[] names = ["rnn.rnn.weight_hh_l0", "rnn.rnn.weight_ih_l0"];                       // the read-out is not pruned
        Assert.Equal(names.Select(n => "masks." + MagnitudePruner.MaskKey(n)), weights.Keys.Where(k => k.StartsWith("masks.", StringComparison.Ordinal)).Order());
        foreach (var name in names)
        {
            var mask = weights["masks." + MagnitudePruner.MaskKey(name)];
            AssertBlocks(mask, 16, name);
            Assert.True((weights[name].masked_select(mask == 0) == 0).all().item<bool>(), $"{name}: pruned weights must be exactly zero");
        }
    }

    [Fact]
    public void TheLotteryEpochRewindsToFreshWeightsWithTheFinalMasks()
    {
        var config = Config(Images(), lottery: true);
        using var job = new SeqImageJob(config, ComputeContext.Cpu);
        var plan = config.Plan;
        Assert.Equal(7, job.Epochs);                                                    // 4 first-phase epochs + 3 lottery
        for (int e = 0; e < plan.FirstPhaseEpochs; e++) job.BeginEpoch(e);
        var model = job.State.Model;
        Dictionary<string, Tensor> Snapshot() => model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var before = Snapshot();
        var optimizer = job.State.Optimizer;
        job.BeginEpoch(plan.FirstPhaseEpochs);
        var after = Snapshot();
        Assert.NotSame(optimizer, job.State.Optimizer);                                     // a fresh Adam for the retrain
        foreach (var name in Matrices)
        {
            var key = "masks." + MagnitudePruner.MaskKey(name);
            Assert.True((before[key] == after[key]).all().item<bool>(), $"{name}: the masks must stay");
            var live = after[key] != 0;
            Assert.True((after[name].masked_select(after[key] == 0) == 0).all().item<bool>(), $"{name}: pruned weights must be zero after the rewind");
            Assert.False((after[name].masked_select(live) == before[name].masked_select(live)).any().item<bool>(), $"{name}: live weights must be fresh");
        }
        Assert.False((before["readout.weight"] == after["readout.weight"]).any().item<bool>());
    }

    [Fact]
    public void AStoppedPrunedLotteryRunResumesToTheSameBits()
    {
        var config = Config(Images(), block: 16, lottery: true) with { Hidden = 16, Epochs = 2, StabilizerEpochs = 0 };
        var whole = TestRuns.New("train egru-seqimage", config);
        using (var job = new SeqImageJob(config, ComputeContext.Cpu)) TestRuns.Run(job, whole);
        var split = TestRuns.New("train egru-seqimage", config);
        using (var job = new SeqImageJob(config, ComputeContext.Cpu)) Assert.Null(TestRuns.Run(job, split, stopAfter: 8 * 3 + 2));   // in the second lottery epoch
        JsonObject resumed;
        using (var job = new SeqImageJob(config, ComputeContext.Cpu)) resumed = TestRuns.Run(job, split)!;
        Assert.Equal(File.ReadAllBytes(whole.ModelPath), File.ReadAllBytes(split.ModelPath));
        Assert.True(resumed.ContainsKey("before_lottery_test_accuracy"));
        Assert.Equal(0.75, (double)resumed["before_lottery_sparsity"]!, 12);
    }

    [Fact]
    public void InferStreamsABlockPrunedEgruWithTheModelsScoresAndFewerWeightBytesWithCsr()
    {
        var images = Images();
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "egru-seqimage", "--images", images, "--hidden", "32", "--epochs", "2", "--stabilizer-epochs", "1",
            "--target-sparsity", "0.9", "--prune-block", "16", "--batch-size", "20", "--lr", "0.01", "--zoneout", "0.1", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var bytes = new Dictionary<bool, double>();
        foreach (var csr in new[] { false, true })
        {
            var (c, output, e) = CliTests.Run(["infer", run, "--count", "10", "--json", .. csr ? new[] { "--csr" } : []]);
            Assert.True(c == 0, e);
            var result = JsonNode.Parse(output)!;
            Assert.True((double)result["max_score_deviation"]! < 1e-4, $"scores differ from the TorchSharp model by {result["max_score_deviation"]}");
            bytes[csr] = (double)result["weight_bytes_per_step"]!;
        }
        Assert.True(bytes[true] < bytes[false], $"--csr reads {bytes[true]} weight bytes a step, dense {bytes[false]}");
    }

    [Theory]
    [InlineData("--prune-block", "0", "--prune-block")]
    [InlineData("--prune-block", "16", "--target-sparsity")]
    [InlineData("--lottery", "true", "--target-sparsity")]
    public void BadPruningOptionsAreUsageErrors(string option, string value, string named)
    {
        var (code, _, err) = CliTests.Run("train", "egru-seqimage", "--images", Images(), option, value, "--device", "cpu",
            "--out", Path.Combine(TestPaths.TempDir(), "run"), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains(named, err);
    }
}
