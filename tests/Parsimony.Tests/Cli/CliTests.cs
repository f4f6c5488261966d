using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Parsimony.Tests.Cli;

public class CliTests
{
    /// <summary>Runs the CLI in-process with the fake experiments registered, capturing its output (tests run in parallel: no console is touched).</summary>
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        return (Parsimony.Cli.Cli.Run(args, Fakes.FakeEntries.Registry, o, e), o.ToString(), e.ToString());
    }

    static readonly string[] Small = ["--sequence-length", "8", "--train-samples", "256", "--test-samples", "64", "--hidden", "16", "--device", "cpu"];

    [Fact]
    public void APrunedRunThatReachesItsTargetPrintsNoNoteAboutMissingIt()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, output, err) = Run(["train", "adding", "--epochs", "2", "--target-sparsity", "0.5", "--out", dir, .. Small]);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("below its target", output);                  // the end-of-run note is not printed before the run
    }

    [Fact]
    public void HelpListsCommands()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("train", output);
        Assert.Contains("report", output);
    }

    [Fact]
    public void UnknownOptionIsUsageError()
    {
        var (code, _, err) = Run("train", "adding", "--no-such-option", "3");
        Assert.Equal(2, code);
        Assert.Contains("--no-such-option", err);
        Assert.Contains("--help", err);
    }

    [Fact]
    public void BadValueFailsBeforeAnyFolderIsMade()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = Run(["train", "adding", "--lr", "-1", "--out", dir, .. Small]);
        Assert.Equal(2, code);
        Assert.Contains("--lr must be a positive number", err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void JsonSummaryAndResumeRules()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, output, _) = Run(["train", "adding", "--epochs", "2", "--out", dir, "--json", .. Small]);
        Assert.Equal(0, code);
        Assert.True((double)JsonNode.Parse(output)!["test_mse"]! > 0);

        var (conflict, _, err) = Run("train", "adding", "--resume", dir, "--epochs", "3");
        Assert.Equal(2, conflict);
        Assert.Contains("different configuration", err);
        Assert.Contains("--epochs", err);

        var (again, msg, _) = Run("train", "adding", "--resume", dir);
        Assert.Equal(0, again);
        Assert.Contains("already finished", msg);

        var (missing, _, err2) = Run("train", "adding", "--resume", Path.Combine(dir, "nope"));
        Assert.Equal(2, missing);
        Assert.Contains("not a Parsimony run folder", err2);

        var (report, _, _) = Run("report", dir, "--quiet");
        Assert.Equal(0, report);
    }

    [Fact]
    public void KilledRunResumesToIdenticalWeights()
    {
        string[] options = ["--epochs", "200", "--train-samples", "256", "--sequence-length", "10", "--hidden", "24", "--device", "cpu"];
        var killed = Path.Combine(TestPaths.TempDir(), "killed");
        using (var process = Process.Start(CliProcess.Info(["train", "adding", "--out", killed, .. options]))!)
        {
            // Output is redirected, so the CLI logs one line per epoch; kill it once epoch 3 has been checkpointed.
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("epoch 4/")) { }
            Assert.NotNull(line);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "summary.json")));
        Assert.Equal(0, Run("train", "adding", "--resume", killed, "--quiet").Code);
        var whole = Path.Combine(TestPaths.TempDir(), "whole");
        Assert.Equal(0, Run(["train", "adding", "--out", whole, "--quiet", .. options]).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "model.safetensors")), File.ReadAllBytes(Path.Combine(killed, "model.safetensors")));
    }
}
