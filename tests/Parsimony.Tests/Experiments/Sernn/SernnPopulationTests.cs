using System.Text.Json.Nodes;
using CsCheck;
using Parsimony.Experiments.Sernn;
using Parsimony.Regularization;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Experiments.Sernn;

/// <summary><c>train sernn-population</c>: each stacked network is the network <c>train sernn</c> trains, the λ grid, resume, bad input, analysis.</summary>
public class SernnPopulationTests
{
    static SernnPopulationConfig Tiny(SpatialPenalty penalty = SpatialPenalty.Sernn) => new()
    {
        Penalty = penalty, Networks = 3, StackSize = 2, ParallelStacks = 1, LambdaSteps = 5, LambdaMin = 0.01, LambdaMax = 0.2, GridX = 2, GridY = 2, GridZ = 2, Hidden = 8,
        Epochs = 2, BatchSize = 32, TrainTrials = 96, ValidationTrials = 64, RecordTrials = 16, NullGraphs = 4, Restarts = 2, Density = 0.3, Lr = 0.01,
        Device = Parsimony.DeviceChoice.Cpu,
    };

    static List<JsonObject> Networks(Parsimony.Runs.RunFolder run) =>
        run.ReadMetrics().Where(l => (string?)l["kind"] == "chunk").SelectMany(l => l["networks"]!.AsArray().Select(n => n!.AsObject())).ToList();

    [Fact]
    public void EveryStackedNetworkIsTheNetworkTrainSernnTrainsWithItsStrength()
    {
        var config = Tiny();
        var population = TestRuns.New("train sernn-population", config);
        using (var job = new SernnPopulationJob(config)) TestRuns.Run(job, population);
        var networks = Networks(population);
        Assert.Equal(config.Lambdas(), networks.Select(n => (double)n["lambda"]!));
        foreach (var index in new[] { 0, 2 })                                   // the first stack and the lone network of the second
        {
            var net = networks[index];
            var single = new SernnConfig
            {
                Penalty = config.Penalty, Lambda = (double)net["lambda"]!, GridX = 2, GridY = 2, GridZ = 2, Hidden = 8, Epochs = 2, BatchSize = 32, TrainTrials = 96,
                ValidationTrials = 64, RecordTrials = 16, NullGraphs = 4, Restarts = 2, Density = 0.3, Lr = 0.01, Device = Parsimony.DeviceChoice.Cpu,
            };
            using var job = new SernnJob(single, Parsimony.ComputeContext.Cpu);
            var summary = TestRuns.Run(job, TestRuns.New("train sernn", single))!;
            var mine = StackTraining.DecodeKernel((string)net["kernel"]!, 8);
            var theirs = job.Kernel(2);
            for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) Assert.Equal(theirs[i, j], mine[i, j], 4);
            Assert.Equal((double)summary["validation_accuracy"]!, (double)net["validation_accuracy"]!);
            Assert.Equal((double)summary["validation_loss"]!, (double)net["validation_loss"]!, 4);
            Assert.Equal((double)summary["total_weight"]!, (double)net["total_weight"]!, 3);
            Assert.Equal((double)summary["energy"]!, (double)net["energy"]!, 4);
        }
    }

    [Fact]
    public void AStoppedPopulationResumesAtItsFirstUnfinishedStackToTheSameSummary()
    {
        var config = Tiny(SpatialPenalty.L1);
        var whole = TestRuns.New("train sernn-population", config);
        using (var job = new SernnPopulationJob(config)) TestRuns.Run(job, whole);
        var split = TestRuns.New("train sernn-population", config);
        File.WriteAllLines(split.MetricsPath, File.ReadAllLines(whole.MetricsPath).Take(1));   // killed after the first stack
        using (var job = new SernnPopulationJob(config)) TestRuns.Run(job, split);
        Assert.Equal(File.ReadAllText(Path.Combine(whole.Root, "summary.json")), File.ReadAllText(Path.Combine(split.Root, "summary.json")));
        Assert.Equal(3, Networks(split).Count);
        foreach (var f in new[] { "accuracy-vs-lambda", "modularity-vs-lambda", "small-world-vs-lambda", "weight-distance-r-vs-lambda", "training-loss" })
            Assert.True(File.Exists(Path.Combine(whole.FiguresDir, f + ".png")), f);
    }

    [Fact]
    public void TheGridIsVisitedInVanDerCorputOrderAsThePublishedSweepFiles()
    {
        Assert.Equal([0, 512, 256, 768, 128, 640, 384, 896, 64], SernnPopulationConfig.VanDerCorput(1001).Take(9));
        Gen.Int[1, 3000].Sample(n => SernnPopulationConfig.VanDerCorput(n).Order().SequenceEqual(Enumerable.Range(0, n)));
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "experiments", "sernn-population-sernn.json")))!;
        var published = file["grid"]!["lambda"]!.AsArray().Select(v => (double)v!).ToArray();
        var mine = new SernnPopulationConfig { Networks = published.Length }.Lambdas();
        for (int i = 0; i < published.Length; i++) Assert.Equal(published[i], mine[i], 6);
        var l1 = new SernnPopulationConfig { Penalty = SpatialPenalty.L1, Networks = 3 }.Lambdas();
        Assert.Equal([1e-5, 1e-5 + (0.02 - 1e-5) * 512 / 1000, 1e-5 + (0.02 - 1e-5) * 256 / 1000], l1);
        Assert.Equal((1e-5, 0.01), new SernnPopulationConfig { Penalty = SpatialPenalty.Distance }.Range());
        Assert.Equal((0.001, 0.3), new SernnPopulationConfig { Penalty = SpatialPenalty.Communicability }.Range());
    }

    [Theory]
    [InlineData("--networks", "2000", "--networks must be at most the grid's 1001 points")]
    [InlineData("--lambda-max", "0.0001", "--lambda-max must be at least the smallest strength 0.001")]
    [InlineData("--stack-size", "0", "--stack-size must be positive")]
    [InlineData("--lambda-min", "-1", "--lambda-min")]
    public void BadOptionsAreUsageErrorsBeforeAnyFolderExists(string option, string value, string message)
    {
        var run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run("train", "sernn-population", option, value, "--out", run);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void AnalyzeNetworkComparesTwoPopulationsInOneFolder()
    {
        var dir = TestPaths.TempDir();
        foreach (var (penalty, min, max) in new[] { (SpatialPenalty.Sernn, 0.01, 0.02), (SpatialPenalty.L1, 0.0005, 0.001) })
        {
            var config = Tiny(penalty) with { Epochs = 1, TrainTrials = 64, LambdaMin = min, LambdaMax = max, Lr = 1e-4 };
            var run = Parsimony.Runs.RunFolder.Create(Path.Combine(dir, penalty.ToString().ToLowerInvariant()), "train sernn-population", config, "cpu");
            using var job = new SernnPopulationJob(config);
            TestRuns.Run(job, run);
        }
        var all = NetworkAnalysis.Analyze(dir, new AnalysisOptions(Density: 0.3, Restarts: 2, NullGraphs: 4, MinAccuracy: 0, WeightTolerance: 1));
        Assert.Equal(6, (int)all["networks"]!);
        Assert.Equal(3, (int)all["groups"]!["sernn"]!["networks"]!);
        Assert.Equal(3, (int)all["comparisons_at_matched_weight"]!["l1"]!["matched_pairs"]!);
        Assert.Contains("sernn#2", File.ReadAllText(Path.Combine(dir, "analysis", "networks.csv")));
        var one = NetworkAnalysis.Analyze(Path.Combine(dir, "l1"), new AnalysisOptions(Density: 0.3, Restarts: 2, NullGraphs: 4, MinAccuracy: 0));
        Assert.Equal(3, (int)one["networks"]!);                                 // a population run alone is a population
    }
}

/// <summary>Runs alone: parallel stacks set libtorch's process-wide thread count, which other tests must not see change under them.</summary>
[CollectionDefinition(nameof(ThreadCountChanges), DisableParallelization = true)]
public sealed class ThreadCountChanges;

/// <summary>Parallel stacks (one libtorch thread each) train the same networks as one stack at a time.</summary>
[Collection(nameof(ThreadCountChanges))]
public class ParallelStackTests
{
    [Fact]
    public void ParallelStacksTrainTheNetworksOneStackAtATimeTrains()
    {
        int threads = TorchSharp.torch.get_num_threads();
        try
        {
            var serial = new SernnPopulationConfig
            {
                Networks = 4, StackSize = 1, ParallelStacks = 1, LambdaSteps = 4, LambdaMin = 0.01, LambdaMax = 0.2, GridX = 2, GridY = 2, GridZ = 2, Hidden = 8,
                Epochs = 1, BatchSize = 32, TrainTrials = 64, ValidationTrials = 32, RecordTrials = 16, NullGraphs = 4, Restarts = 2, Density = 0.3, Lr = 0.01,
                Device = Parsimony.DeviceChoice.Cpu,
            };
            List<JsonObject> Train(SernnPopulationConfig c)
            {
                var run = TestRuns.New("train sernn-population", c);
                using (var job = new SernnPopulationJob(c)) TestRuns.Run(job, run);
                return run.ReadMetrics().Where(l => (string?)l["kind"] == "chunk").SelectMany(l => l["networks"]!.AsArray().Select(n => n!.AsObject()))
                    .OrderBy(n => (int)n["network"]!).ToList();
            }
            var one = Train(serial);
            var four = Train(serial with { ParallelStacks = 4 });
            Assert.Equal(Math.Max(1, Environment.ProcessorCount / 4), TorchSharp.torch.get_num_threads());
            Assert.Equal(4, four.Count);
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal((double)one[i]["validation_loss"]!, (double)four[i]["validation_loss"]!, 4);
                Assert.Equal((double)one[i]["total_weight"]!, (double)four[i]["total_weight"]!, 3);
            }
        }
        finally { TorchSharp.torch.set_num_threads(threads); }
    }
}
