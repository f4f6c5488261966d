using Parsimony.Runs;

namespace Parsimony.Tests.Reliability;

/// <summary>
/// A run killed anywhere (SIGKILL at <see cref="FaultPoints"/>: after a training step, half-way through a metrics line,
/// inside a checkpoint write, between the report and the summary) and resumed, however often, ends with the model and
/// the metrics of the uninterrupted run, and leaves no temporary files.
/// </summary>
public class KillResumeTests
{
    static readonly string[] Options = ["--sequence-length", "6", "--train-samples", "128", "--test-samples", "16", "--hidden", "8",
                                        "--epochs", "8", "--stabilizer-epochs", "0", "--device", "cpu", "--quiet"];

    // 8 epochs of 4 steps: 32 steps, 8 checkpoints, 16 metric lines; the passes are drawn so most land before the end.
    static readonly (string Point, int MaxPass)[] Points = [("step", 12), ("metrics-line", 5), ("checkpoint-write", 3), ("before-summary", 1)];

    [Fact]
    public void TwentyKillsAtRandomPointsLoseNothing()
    {
        var whole = Path.Combine(TestPaths.TempDir(), "whole");
        var (code, _, err) = Cli.CliTests.Run(["train", "adding", "--out", whole, .. Options]);
        Assert.True(code == 0, err);
        var wholeRun = RunFolder.Open(whole);

        var random = new Random(14);
        var kills = new List<string>();
        while (kills.Count < 20)
        {
            var folder = Path.Combine(TestPaths.TempDir(), "killed");
            while (kills.Count < 20)
            {
                bool started = File.Exists(Path.Combine(folder, "config.json"));
                var (point, maxPass) = Points[kills.Count % Points.Length];
                var fault = started ? $"{point}:{random.Next(1, maxPass + 1)}" : $"step:{random.Next(1, 4)}";   // each chain once before its first checkpoint
                string[] args = started ? ["train", "adding", "--resume", folder, "--quiet"] : ["train", "adding", "--out", folder, .. Options];
                (code, _, err) = CliProcess.Run(args, new Dictionary<string, string?> { [FaultPoints.Variable] = fault });
                if (code == 0) break;                                   // the point was not reached before the end
                Assert.True(code == 137, $"{fault}: exit code {code}, expected a kill: {err}");
                Assert.False(File.Exists(Path.Combine(folder, "summary.json")), $"{fault}: a summary after a kill");
                kills.Add(fault);
            }
            if (!File.Exists(Path.Combine(folder, "summary.json")))
                Assert.Equal(0, CliProcess.Run(["train", "adding", "--resume", folder, "--quiet"]).Code);
            var run = RunFolder.Open(folder);
            Assert.Equal(File.ReadAllBytes(wholeRun.ModelPath), File.ReadAllBytes(run.ModelPath));
            Assert.Equal(File.ReadAllLines(wholeRun.MetricsPath), File.ReadAllLines(run.MetricsPath));   // no duplicate, lost or torn line
            Assert.Equal(["step-00000028", "step-00000032"], Directory.GetDirectories(run.CheckpointsDir).Select(Path.GetFileName).Order());
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder, "*tmp*", SearchOption.AllDirectories));
        }
        Assert.Equal(20, kills.Count);
        foreach (var (point, _) in Points) Assert.Contains(kills, k => k.StartsWith(point + ":"));
        Assert.Contains(kills, k => k is "step:1" or "step:2" or "step:3");
    }
}
