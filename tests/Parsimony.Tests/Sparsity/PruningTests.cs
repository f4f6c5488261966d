using Parsimony.Sparsity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Tests.Sparsity;

public class PruningTests
{
    static (MagnitudePruner Pruner, Parameter[] Weights) Group(long seed = 1)
    {
        using var g = new Generator((ulong)seed, CPU);
        var weights = new[] { new Parameter(randn([37, 11], generator: g)), new Parameter(randn([50, 50], generator: g)), new Parameter(randn([3, 64], generator: g)) };
        return (new MagnitudePruner(weights.Select((w, i) => new NamedWeight($"m{i}.weight", w))), weights);
    }

    static long Zeros(Parameter[] weights) => weights.Sum(w => (w == 0).sum().item<long>());

    [Fact]
    public void EachEpochPrunesExactlyRoundANAndMasksAreNested()
    {
        var (pruner, weights) = Group();
        var plan = new PruningPlan(0.9, 7);
        var optimizer = optim.AdamW(weights, 0.05);
        Tensor[]? previous = null;
        for (int epoch = 0; epoch < plan.Epochs; epoch++)
        {
            if (plan.At(epoch).Sparsity is { } s) pruner.PruneTo(s);
            long expected = (long)Math.Round((plan.At(epoch).Sparsity ?? 0) * pruner.Count, MidpointRounding.AwayFromZero);
            Assert.Equal(expected, Zeros(weights));
            Assert.Equal((double)expected / pruner.Count, pruner.Sparsity(), 12);
            var masks = pruner.Names.Select(n => pruner.MaskOf(n).clone()).ToArray();
            if (previous is not null)
                for (int i = 0; i < masks.Length; i++) Assert.True((masks[i] <= previous[i]).all().item<bool>(), "masks must be nested");
            previous = masks;
            for (int step = 0; step < 5; step++) // train a little so magnitudes change between prunes
            {
                optimizer.zero_grad();
                weights.Select(w => (w * randn_like(w)).sum()).Aggregate((a, b) => a + b).backward();
                pruner.MaskGradients();
                optimizer.step();
                pruner.Apply();
                Assert.Equal(expected, Zeros(weights));
            }
        }
        Assert.Equal(0.9, pruner.Sparsity(), 3);
    }

    [Fact]
    public void ClippingSeesZeroGradientsAtPrunedEntries()
    {
        var (pruner, weights) = Group(2);
        pruner.PruneTo(0.5);
        foreach (var w in weights) w.grad = ones_like(w);
        pruner.MaskGradients();
        long live = weights.Sum(w => (w != 0).sum().item<long>());
        foreach (var w in weights) Assert.True((w.grad!.masked_select(w == 0) == 0).all().item<bool>());
        double norm = nn.utils.clip_grad_norm_(weights, 1e9);
        Assert.Equal(Math.Sqrt(live), norm, 3);
    }

    [Fact]
    public void TiesAreBrokenByPositionSoPruningIsDeterministic()
    {
        var w = new Parameter(ones(10, 10));
        var pruner = new MagnitudePruner([new NamedWeight("w", w)]);
        pruner.PruneTo(0.25);
        Assert.Equal(25, (w == 0).sum().item<long>());
        Assert.True((w.flatten().narrow(0, 0, 25) == 0).all().item<bool>());
    }

    [Fact]
    public void RejectsSparsityOutsideTheUnitInterval()
    {
        var (pruner, _) = Group();
        Assert.Throws<ArgumentOutOfRangeException>(() => pruner.PruneTo(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => pruner.PruneTo(-0.1));
    }

    [Fact]
    public void LinearScheduleEndsAtTheTargetInTheLastEpoch()
    {
        var plan = new PruningPlan(0.9, 30);
        Assert.Null(plan.At(0).Sparsity);
        Assert.Equal(0.9 / 29, plan.At(1).Sparsity!.Value, 12);
        Assert.Equal(0.9, plan.At(29).Sparsity!.Value, 12);
        Assert.Equal(30, plan.TotalEpochs);
    }

    [Fact]
    public void DelayedScheduleIsTheLanguageModelOne()
    {
        var plan = new PruningPlan(0.9, 15, PruningSchedule.Delayed);
        Assert.Null(plan.At(0).Sparsity);
        Assert.Equal(0.9 * 2 / 15, plan.At(1).Sparsity!.Value, 12);
        Assert.Equal(0.9, plan.At(14).Sparsity!.Value, 12);
    }

    [Fact]
    public void StabilizerExtensionAndLotteryPhasesFollow()
    {
        var plan = new PruningPlan(0.9, 4, StabilizerEpochs: 2, ExtendTo: 0.98, Lottery: true);
        Assert.Equal(4 + 2 + 5 + 4, plan.TotalEpochs);
        Assert.Equal(TrainingPhase.Stabilize, plan.At(4).Phase);
        Assert.Null(plan.At(5).Sparsity);
        Assert.Equal(0.9 + 0.08 / 5, plan.At(6).Sparsity!.Value, 12);
        Assert.Equal(0.98, plan.At(10).Sparsity!.Value, 12);
        Assert.True(plan.At(11).StartsLottery);
        Assert.False(plan.At(12).StartsLottery);
        Assert.Equal(TrainingPhase.Lottery, plan.At(14).Phase);
        Assert.Null(plan.At(14).Sparsity);
    }

    [Fact]
    public void DensePlanNeverPrunes()
    {
        var plan = new PruningPlan(0, 5);
        Assert.All(Enumerable.Range(0, 5), e => Assert.Null(plan.At(e).Sparsity));
        Assert.Equal("Lottery", Assert.Throws<OptionException>(() => new PruningPlan(0, 5, Lottery: true).Validate()).Property);
        Assert.Equal("TargetSparsity", Assert.Throws<OptionException>(() => new PruningPlan(1.0, 5).Validate()).Property);
    }

    [Fact]
    public void BlockPruningRemovesWholeBlocksOfOutputsRankedByMeanMagnitude()
    {
        using var g = new Generator(3, CPU);
        var weights = new[] { new Parameter(randn([48, 7], generator: g)), new Parameter(randn([20, 5], generator: g)) };   // 20 outputs: blocks 16 + 4
        var pruner = new MagnitudePruner(weights.Select((w, i) => new NamedWeight($"m{i}.weight", w)), blockSize: 16);
        var blockMeans = new List<(double Mean, int Matrix, int Block, int Input)>();
        for (int m = 0; m < 2; m++)
        {
            var w = weights[m].detach().abs().data<float>().ToArray();
            int outputs = (int)weights[m].shape[0], inputs = (int)weights[m].shape[1];
            for (int b = 0; b * 16 < outputs; b++)
                for (int i = 0; i < inputs; i++)
                {
                    var rows = Enumerable.Range(b * 16, Math.Min(16, outputs - b * 16));
                    blockMeans.Add((rows.Average(o => w[o * inputs + i]), m, b, i));
                }
        }
        Assert.Equal(3 * 7 + 2 * 5, blockMeans.Count);
        pruner.PruneTo(0.5);
        int k = (int)Math.Round(0.5 * blockMeans.Count, MidpointRounding.AwayFromZero);
        var expectedPruned = blockMeans.OrderBy(x => x.Mean).Take(k).Select(x => (x.Matrix, x.Block, x.Input)).ToHashSet();
        for (int m = 0; m < 2; m++)
        {
            var mask = pruner.MaskOf($"m{m}.weight").data<float>().ToArray();
            int outputs = (int)weights[m].shape[0], inputs = (int)weights[m].shape[1];
            for (int o = 0; o < outputs; o++)
                for (int i = 0; i < inputs; i++)
                    Assert.Equal(expectedPruned.Contains((m, o / 16, i)) ? 0f : 1f, mask[o * inputs + i]);
        }
        var before = pruner.Names.Select(n => pruner.MaskOf(n).clone()).ToArray();
        pruner.PruneTo(0.8);   // nested: blocks pruned before stay pruned
        var after = pruner.Names.Select(n => pruner.MaskOf(n)).ToArray();
        for (int m = 0; m < 2; m++) Assert.True((after[m] <= before[m]).all().item<bool>());
        Assert.Equal((long)Math.Round(0.8 * blockMeans.Count, MidpointRounding.AwayFromZero),
            blockMeans.Count(x => pruner.MaskOf($"m{x.Matrix}.weight")[x.Block * 16, x.Input].item<float>() == 0));
    }

    [Fact]
    public void BlockPruningRefusesVectorsAndEmptyBlocks()
    {
        var bias = new Parameter(ones(8));
        Assert.Contains("matrices", Assert.Throws<ParsimonyException>(() => new MagnitudePruner([new NamedWeight("b", bias)], blockSize: 4)).Message);
        Assert.Throws<ParsimonyException>(() => new MagnitudePruner([new NamedWeight("b", bias)], blockSize: 0));
    }
}
