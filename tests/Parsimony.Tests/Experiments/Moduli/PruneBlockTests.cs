using Parsimony.Runs;
using Parsimony.Sparsity;
using Parsimony.Tests.Cli;
using Parsimony.Tests.Experiments.Egru;

namespace Parsimony.Tests.Experiments.Moduli;

/// <summary><c>--prune-block</c> of the moduli tasks: block-structured global magnitude pruning of their pruned group.</summary>
public class PruneBlockTests
{
    [Fact]
    public void AnAddingRunPrunesWholeBlocksOfSixteenOutputs()
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "adding", "--sequence-length", "6", "--train-samples", "32", "--test-samples", "8", "--hidden", "32",
            "--epochs", "2", "--stabilizer-epochs", "0", "--target-sparsity", "0.5", "--prune-block", "16", "--lambda", "0", "--device", "cpu", "--out", run, "--quiet");
        Assert.True(code == 0, err);
        var weights = SafeTensors.Load(Path.Combine(run, "model.safetensors"));
        long blocks = 0, pruned = 0;
        foreach (var (name, rows) in new[] { ("readout.weight", 1), ("rnn.rnn.weight_ih_l0", 32), ("rnn.rnn.weight_hh_l0", 32) })
        {
            var mask = weights["masks." + MagnitudePruner.MaskKey(name)];
            SeqImagePruningTests.AssertBlocks(mask, 16, name);
            Assert.True((weights[name].masked_select(mask == 0) == 0).all().item<bool>(), $"{name}: pruned weights must be exactly zero");
            var firsts = mask.narrow(0, 0, 1);                                                  // one row per block: [1, 2] rows 0 and 16
            for (long r = 16; r < rows; r += 16) firsts = TorchSharp.torch.cat([firsts, mask.narrow(0, r, 1)]);
            blocks += firsts.numel();
            pruned += (firsts == 0).sum().item<long>();
        }
        Assert.Equal((long)Math.Round(0.5 * blocks, MidpointRounding.AwayFromZero), pruned);   // exactly round(a·n) of the n blocks
    }

    [Fact]
    public void APruneBlockWithoutPruningIsAUsageError()
    {
        var (code, _, err) = CliTests.Run("train", "adding", "--target-sparsity", "0", "--prune-block", "16", "--device", "cpu",
            "--out", Path.Combine(TestPaths.TempDir(), "run"), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("--prune-block", err);
    }
}
