using System.Text.Json.Nodes;
using Parsimony.Experiments.Sernn;
using Parsimony.Regularization;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Experiments.Sernn;

/// <summary><c>analyze network</c> on a toy population: the accuracy filter, matched pairs, the all-fail case, bad folders.</summary>
public class NetworkAnalysisTests
{
    static readonly Lazy<string> Shared = new(Build);

    /// <summary>Four finished toy runs (two seRNN, two L1), built once for these tests; each test analyses its own copy.</summary>
    static string Population()
    {
        var dir = TestPaths.TempDir();
        foreach (var run in Directory.GetDirectories(Shared.Value))
        {
            var to = Path.Combine(dir, Path.GetFileName(run));
            foreach (var file in Directory.GetFiles(run, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(run, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
        return dir;
    }

    static string Build()
    {
        var dir = TestPaths.TempDir();
        foreach (var (penalty, lambda) in new[] { (SpatialPenalty.Sernn, 0.01), (SpatialPenalty.Sernn, 0.02), (SpatialPenalty.L1, 0.0005), (SpatialPenalty.L1, 0.001) })
        {
            var config = new SernnConfig
            {
                Penalty = penalty, Lambda = lambda, GridX = 2, GridY = 2, GridZ = 2, Hidden = 8, Epochs = 1, BatchSize = 32, TrainTrials = 64,
                ValidationTrials = 32, RecordTrials = 16, NullGraphs = 4, Restarts = 2, Density = 0.3, Lr = 1e-4, Device = Parsimony.DeviceChoice.Cpu,
            };
            var run = Parsimony.Runs.RunFolder.Create(Path.Combine(dir, $"{penalty}-{lambda}"), "train sernn", config, "cpu");
            using var job = new SernnJob(config, Parsimony.ComputeContext.Cpu);
            TestRuns.Run(job, run);
        }
        return dir;
    }

    [Fact]
    public void APopulationIsFilteredComparedAtMatchedWeightAndAnAllFailingOneIsReportedNotDivided()
    {
        var dir = Population();
        var all = NetworkAnalysis.Analyze(dir, new AnalysisOptions(Density: 0.3, Restarts: 2, NullGraphs: 4, MinAccuracy: 0, WeightTolerance: 1));
        Assert.Equal(4, (int)all["networks"]!);
        Assert.Equal(4, (int)all["passing"]!);
        var l1 = all["comparisons_at_matched_weight"]!["l1"]!;
        Assert.Equal(2, (int)l1["matched_pairs"]!);
        Assert.True(double.IsFinite((double)l1["modularity"]!["mean_sernn"]!));
        foreach (var f in new[] { "network.md", "networks.csv", "network.json", "modularity-vs-lambda.png", "small-world-vs-lambda.png" })
            Assert.True(File.Exists(Path.Combine(dir, "analysis", f)), f);

        var none = NetworkAnalysis.Analyze(dir, new AnalysisOptions(Density: 0.3, Restarts: 2, NullGraphs: 4, MinAccuracy: 1.0));
        if ((int)none["passing"]! == 0)
        {
            Assert.Contains("nothing to compare", (string)none["note"]!);
            Assert.Empty(none["comparisons_at_matched_weight"]!.AsObject());
        }
    }

    [Fact]
    public void PairsAreMatchedOnlyWithinTheWeightTolerance()
    {
        AnalysedNetwork Net(string p, double w) => new(p + w, p, 0, 1, new NetworkStructure(w, 0, 0, 0, 0, 0, 0, 0, 0), new Dictionary<string, double>());
        var pairs = NetworkAnalysis.MatchTotalWeight([Net("s", 100), Net("s", 200), Net("s", 400)], [Net("l", 105), Net("l", 198), Net("l", 1000)], 0.1);
        Assert.Equal([(100.0, 105.0), (200.0, 198.0)], pairs.Select(p => (p.A.Structure.TotalWeight, p.B.Structure.TotalWeight)));
    }

    [Fact]
    public void TheCommandAnalysesOneRunOverItsEpochsAndRefusesOtherFolders()
    {
        var dir = Population();
        var run = Path.Combine(dir, "Sernn-0.01");
        var (code, output, err) = CliTests.Run("analyze", "network", run, "--null-graphs", "4", "--restarts", "2", "--density", "0.3", "--json");
        Assert.True(code == 0, err);
        Assert.Contains("Louvain", (string)JsonNode.Parse(output)!["settings"]!);
        Assert.Contains("| 1 |", File.ReadAllText(Path.Combine(run, "analysis", "network.md")));
        Assert.Equal(2, CliTests.Run("analyze", "network", Path.Combine(dir, "missing")).Code);
        Assert.Equal(2, CliTests.Run("analyze", "network", TestPaths.TempDir()).Code);
        Assert.Equal(2, CliTests.Run("analyze", "network", run, "--density", "0").Code);
    }
}
