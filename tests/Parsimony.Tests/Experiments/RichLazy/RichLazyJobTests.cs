using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Experiments.RichLazy;
using Parsimony.Tasks.Blobs;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Experiments.RichLazy;

/// <summary>
/// The rich and lazy regimes of Flesch et al. (2022) on single networks at the published settings (acceptance checks
/// D2–D7 of spec neuro_models.md §D.6, run 0 only; the 30-run sweep is the recorded experiment in
/// docs/results/circuits.md), and the command's options, resume and determinism.
/// </summary>
public class RichLazyJobTests
{
    static readonly BlobTask Task = new();
    static readonly RichLazyConfig Published = new();

    static NetworkResult Train(double stimulusStd, double contextStd, double l2 = 0) =>
        RichLazyNetwork.Run(Task, Published, "scale", 0, 0, stimulusStd, contextStd, l2);

    /// <summary>The lazy network of run 0, trained once for both tests that need it.</summary>
    static readonly Lazy<NetworkResult> LazyNet = new(() => Train(3, 1.5));

    static Ablation Mask(NetworkResult r, string mask) => r.Ablations.First(a => a.Mask == mask);

    [Fact]
    public void RichAndLazyNetworksShowThePublishedProfiles()
    {
        var rich = Train(0.01, 0.5);
        var lazy = LazyNet.Value;
        // D2: both reach 100%, lazy first
        Assert.Equal(1, rich.Accuracy[^1]);
        Assert.Equal(1, lazy.Accuracy[^1]);
        Assert.True(lazy.ConvergedAt < rich.ConvergedAt, $"lazy converged at {lazy.ConvergedAt}, rich at {rich.ConvergedAt}");
        // D3: rich input weights grow from 0.5 by more than their size; lazy ones barely move (authors: |Δ| ≈ 1.5e-4)
        Assert.True(rich.StimulusChange[^1] > 1, $"rich Δ {rich.StimulusChange[^1]}");
        Assert.InRange(Math.Abs(lazy.StimulusChange[^1]), 1e-5, 1e-3);
        // D4: rich units mostly task-specific, lazy mostly mixed
        double Specific(NetworkResult r) => (r.OnlyA + r.OnlyB) / (double)(100 - r.Dead);
        Assert.True(Specific(rich) > 0.5, $"rich task-specific share {Specific(rich)}");
        Assert.True(lazy.Mixed > 50, $"lazy mixed units {lazy.Mixed}");
        // D5: orthogonal model fits rich better, grid fits lazy better
        Assert.True(rich.Betas[1] > lazy.Betas[1] && lazy.Betas[0] > rich.Betas[0], $"rich β {string.Join(", ", rich.Betas)}; lazy β {string.Join(", ", lazy.Betas)}");
        // D5, dimensionality as the authors measured it: the rank-3 hidden matrix keeps the rich net's accuracy, not the lazy one's
        Assert.True(rich.TopKAccuracy[2] >= 0.95 && lazy.TopKAccuracy[2] < 0.9, $"rank-3 accuracy: rich {rich.TopKAccuracy[2]}, lazy {lazy.TopKAccuracy[2]}");
        // the optional NTK comparison: the rich net's tangent kernel moves (and aligns with the targets) far more than the lazy one's
        Assert.True(rich.KernelDistance > 3 * lazy.KernelDistance, $"kernel distance: rich {rich.KernelDistance}, lazy {lazy.KernelDistance}");
        Assert.True(rich.KernelAlignment[1] > 10 * rich.KernelAlignment[0] && rich.KernelAlignment[1] > lazy.KernelAlignment[1]);
        // and, on run 0, the initial kernel predicts the lazy net's final loss within a few times but not the rich net's (it barely learns)
        Assert.True(lazy.KernelLoss[^1] < 10 * lazy.Loss[^1] && rich.KernelLoss[^1] > 100 * rich.Loss[^1],
                    $"final loss, linearised vs trained: rich {rich.KernelLoss[^1]} vs {rich.Loss[^1]}, lazy {lazy.KernelLoss[^1]} vs {lazy.Loss[^1]}");
        // D6: removing only-A units of the rich net hurts task A (authors ≈ 0.72) and spares task B; removing mixed units costs nothing
        Assert.InRange(Mask(rich, "only-a").TaskA, 0.5, 0.85);
        Assert.Equal(1, Mask(rich, "only-a").TaskB);
        Assert.InRange(Mask(rich, "only-b").TaskB, 0.5, 0.85);
        Assert.Equal(1, Mask(rich, "only-b").TaskA);
        Assert.Equal(1, Mask(rich, "mixed").TaskA);
        Assert.Equal(1, Mask(rich, "mixed").TaskB);
        Assert.All(new[] { "only-a", "only-b", "task-specific" }, m => Assert.True(Mask(lazy, m).TaskA >= 0.9 && Mask(lazy, m).TaskB >= 0.9, m));
    }

    [Fact]
    public void L2PushesTheLazyInitialisationTowardTheRichProfile()
    {
        var plain = LazyNet.Value;
        var penalised = Train(3, 1.5, l2: 0.1);
        // D3/D7: the authors' log |Δ| = −0.06 at λ = 0.1, i.e. Δ ≈ −0.94
        Assert.InRange(penalised.StimulusChange[^1], -0.97, -0.90);
        Assert.True(penalised.Betas[1] > plain.Betas[1] && penalised.Betas[0] < plain.Betas[0], $"β with L2 {string.Join(", ", penalised.Betas)}; without {string.Join(", ", plain.Betas)}");
        Assert.True(penalised.OnlyA + penalised.OnlyB > plain.OnlyA + plain.OnlyB);
        Assert.True(penalised.Orthogonality < plain.Orthogonality);
    }

    static RichLazyConfig Tiny => new() { Scales = "0.01:0.5,3:1.5", Runs = 2, Steps = 300, Hidden = 20, L2Levels = 2, L2Runs = 2, LogEvery = 50 };

    [Fact]
    public void ChunksAreDeterministicAndAStoppedSweepResumesToTheSameSummary()
    {
        var config = Tiny;
        using (var a = new RichLazyJob(config))
        using (var b = new RichLazyJob(config))
            Assert.True(JsonNode.DeepEquals(a.RunChunk(5), b.RunChunk(5)));
        var whole = TestRuns.New("run rich-lazy", config);
        using (var job = new RichLazyJob(config)) TestRuns.Run(job, whole);
        var split = TestRuns.New("run rich-lazy", config);
        var lines = File.ReadAllLines(whole.MetricsPath);
        File.WriteAllLines(split.MetricsPath, lines.Take(3));                  // a sweep killed after three networks
        using (var job = new RichLazyJob(config)) TestRuns.Run(job, split);
        Assert.Equal(File.ReadAllText(Path.Combine(whole.Root, "summary.json")), File.ReadAllText(Path.Combine(split.Root, "summary.json")));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(whole.Root, "summary.json")))!;
        Assert.Equal(8, (int)summary["networks"]!);
        Assert.Equal(2, summary["per_scale"]!.AsArray().Count);
        Assert.Equal(2, summary["per_l2"]!.AsArray().Count);
        // §D.4's Kruskal–Wallis tests across the scales: the rich W_hs norms (≈ 0.5) all lie below the lazy ones (≈ 150), so
        // H takes its maximum (N³ − Σ n³)/(N(N + 1)) = 2.4 for two groups of two, p = erfc(√1.2) for one degree of freedom
        Assert.Equal(2.4, (double)summary["kruskal_h_stimulus_weight_norm"]!, 12);
        Assert.Equal(0.12133525035848217, (double)summary["kruskal_p_stimulus_weight_norm"]!, 12);
        Assert.All(new[] { "stimulus_weight_change", "output_weight_norm", "output_weight_change" },
                   m => Assert.InRange((double)summary[$"kruskal_h_{m}"]!, 0, 2.4 + 1e-12));
    }

    [Fact]
    public void IndependentDrawsGiveEveryGroupItsOwnWeightsAndSharedDrawsScaleTheSameOnes()
    {
        var task = new BlobTask();
        double[] Standard(RichLazyConfig c, int group, double std)
        {
            var net = RichLazyNetwork.Build(task, c, std, 1, RichLazyNetwork.SeedOf(c, "scale", group, 0));
            return net.StimulusWeights(net.Parameters).ToArray().Select(w => w / std).ToArray();
        }
        var shared = Tiny;
        var independent = Tiny with { Draws = WeightDraws.Independent };
        Assert.Equal(Standard(shared, 0, 0.01), Standard(shared, 1, 3), new Tolerance());
        Assert.NotEqual(Standard(independent, 0, 0.01), Standard(independent, 1, 3), new Tolerance());
        Assert.NotEqual(RichLazyNetwork.SeedOf(independent, "scale", 0, 0), RichLazyNetwork.SeedOf(independent, "l2", 0, 0));
        Assert.Equal(RichLazyNetwork.SeedOf(shared, "scale", 0, 3), RichLazyNetwork.SeedOf(shared, "l2", 5, 3));
    }

    sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;
        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void TheQuirkFlagTakesTheAblationMasksOfTheRichNetworkOfTheSameRunAndChangesNothingElse()
    {
        var own = Tiny with { Steps = 2000, L2Levels = 0 };
        var quirk = own with { AblationMasks = AblationMasks.Rich };
        NetworkResult Chunk(RichLazyConfig c, int index)
        {
            using var job = new RichLazyJob(c);
            return job.RunChunk(index).Deserialize<NetworkResult>(Parsimony.Runs.Json.Options)!;
        }
        Assert.Equal(Chunk(own, 0).Ablations, Chunk(quirk, 0).Ablations);          // the rich network's own masks
        var (mine, borrowed) = (Chunk(own, 2), Chunk(quirk, 2));                   // lazy, run 0
        Assert.NotEqual(mine.Ablations, borrowed.Ablations);
        Assert.Equal(mine.Betas, borrowed.Betas);
        Assert.Equal(mine.Loss, borrowed.Loss);
        Assert.Equal((mine.OnlyA, mine.OnlyB, mine.Mixed), (borrowed.OnlyA, borrowed.OnlyB, borrowed.Mixed));
        // with independent draws (the authors' networks each drew their own) the borrowed masks still come from the rich
        // network the sweep reports for the same run (whose own chunk the quirk leaves as it is), and every scale draws anew
        var authors = quirk with { Draws = WeightDraws.Independent };
        Assert.Equal(Chunk(authors with { AblationMasks = AblationMasks.Own }, 0).Ablations, Chunk(authors, 0).Ablations);
        Assert.NotEqual(Chunk(own, 2).Loss, Chunk(authors, 2).Loss);
    }

    [Theory]
    [InlineData("--scales", "0.01", "--scales takes σ_s:σ_c pairs")]
    [InlineData("--scales", "0.1:-1", "--scales takes σ_s:σ_c pairs")]
    [InlineData("--runs", "0", "--runs must be positive")]
    [InlineData("--learning-rate", "-1", "--learning-rate must be a positive number")]
    [InlineData("--l2-levels", "1", "--l2-levels must be at least 2")]
    [InlineData("--l2-max", "-0.1", "--l2-max must be ≥ 0")]
    [InlineData("--draws", "sometimes", "is not a valid value for --draws")]
    public void BadOptionsAreRefused(string option, string value, string message)
    {
        var (code, _, err) = CliTests.Run("run", "rich-lazy", option, value, "--dry-run");
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }
}
