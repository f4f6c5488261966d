using System.Diagnostics;
using System.Text.Json.Nodes;
using Parsimony.Sweeps;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Sweeps;

/// <summary>
/// A test that needs the one-node Slurm cluster <c>.ci/run</c> starts as root (<c>.ci/slurm start</c>, which sets
/// PARSIMONY_SLURM=1); skipped with a message when there is none. With the variable set, a cluster that does not
/// answer fails the test rather than skipping it.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>The variable .ci/run sets when the cluster is up.</summary>
    public const string Variable = "PARSIMONY_SLURM";

    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1" && !(SlurmQueue.Available() && ControllerAnswers()))
            Skip = "No Slurm cluster here: .ci/run starts a one-node cluster as root (apt-get install slurm-wlm munge; .ci/slurm start; " +
                   $"export {Variable}=1). These tests submit real job arrays to it.";
    }

    /// <summary>Whether <c>sinfo</c> reaches a controller (Slurm's commands can be installed with no cluster running).</summary>
    static bool ControllerAnswers()
    {
        try
        {
            using var sinfo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sinfo", "-h")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            sinfo.StandardOutput.ReadToEnd();
            sinfo.StandardError.ReadToEnd();
            return sinfo.WaitForExit(10_000) && sinfo.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}

/// <summary>The job-array script, the response files, run states and the options of <c>sweep --slurm</c> (no cluster needed).</summary>
public class SlurmScriptTests
{
    static SweepPlan Plan(string text)
    {
        var path = Path.Combine(TestPaths.TempDir(), "sweep.json");
        File.WriteAllText(path, text);
        return SweepPlan.Load(path, Fakes.FakeEntries.Registry);
    }

    const string Tiny = """
        { "command": "train adding",
          "base": { "sequence-length": 6, "train-samples": 64, "test-samples": 32, "hidden": 8, "epochs": 2, "stabilizer-epochs": 0, "device": "cpu" },
          "variants": { "torus": { "space": "torus" }, "no-reg": { "space": "none", "target-sparsity": 0.5 } },
          "grid": { "seed": [1, 2] } }
        """;

    [Fact]
    public void ArrayIndicesAreWrittenInSlurmsCompactForm()
    {
        Assert.Equal("0-3", SlurmArray.ArraySpec([0, 1, 2, 3]));
        Assert.Equal("0,2-4,7", SlurmArray.ArraySpec([7, 4, 3, 2, 0]));
        Assert.Equal("5", SlurmArray.ArraySpec([5, 5]));
    }

    [Fact]
    public void TheScriptAsksForWhatWasRequestedAndRunsEachRunByItsIndex()
    {
        var plan = Plan(Tiny);
        var script = SlurmArray.Script("/data/my sweep", plan, [1, 3], new SlurmRequest("gpu", "02:00:00", 4, "8G", 1, 2, "lab", ["--qos=long"]),
            ["/opt/parsimony/parsimony"]);
        foreach (var line in new[] { "#SBATCH --array=1,3%2", "#SBATCH --partition=gpu", "#SBATCH --time=02:00:00", "#SBATCH --cpus-per-task=4",
                                     "#SBATCH --mem=8G", "#SBATCH --gpus=1", "#SBATCH --account=lab", "#SBATCH --qos=long", "#SBATCH --requeue",
                                     "sweep='/data/my sweep'", "runs=(torus_seed-1 torus_seed-2 no-reg_seed-1 no-reg_seed-2)",
                                     "/opt/parsimony/parsimony train adding --resume \"$folder\" --quiet",
                                     "/opt/parsimony/parsimony train adding --out \"$folder\" \"@$sweep/slurm/runs/$run.args\" --quiet" })
            Assert.Contains(line, script);
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.DoesNotContain("#SBATCH --partition", SlurmArray.Script("/d", plan, [0], new SlurmRequest(), ["p"]));
    }

    [Fact]
    public void AResponseFileCarriesARunsOptionsToTheCommandLineUnchanged()
    {
        var dir = TestPaths.TempDir();
        var run = new SweepRun("r", "r", new Dictionary<string, string>
        {
            ["sequence-length"] = "6", ["train-samples"] = "64", ["test-samples"] = "32", ["hidden"] = "8", ["epochs"] = "1", ["device"] = "cpu",
            ["stabilizer-epochs"] = "0",
        });
        var file = Path.Combine(dir, "r.args");
        File.WriteAllText(file, SlurmArray.Arguments(run));
        Assert.Equal("--sequence-length\n6\n", SlurmArray.Arguments(run)[..20]);
        var (code, _, err) = CliTests.Run("train", "adding", "@" + file, "--out", Path.Combine(dir, "run"), "--quiet");
        Assert.True(code == 0, err);
        var options = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "config.json")))!["options"]!;
        Assert.Equal(8, (int)options["hidden"]!);
        Assert.Equal(64, (int)options["train_samples"]!);
    }

    [Fact]
    public void ARunsStateComesFromItsFolderTheQueueAndTheAccounting()
    {
        var dir = TestPaths.TempDir();
        string Make(string name, params string[] files)
        {
            Directory.CreateDirectory(Path.Combine(dir, name));
            foreach (var f in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, f))!);
                File.WriteAllText(Path.Combine(dir, f), f.Contains("exit") ? "1" : "{}");
            }
            return name;
        }
        Assert.Equal(RunState.Finished, SweepStatus.Of(dir, Make("a", "a/summary.json", "a/config.json"), null, null).State);
        Assert.Equal(RunState.Running, SweepStatus.Of(dir, Make("b", "b/config.json"), new SlurmTask(9, 1, "RUNNING"), null).State);
        Assert.Equal(RunState.Pending, SweepStatus.Of(dir, Make("c"), new SlurmTask(9, 2, "PENDING"), null).State);
        var failed = SweepStatus.Of(dir, Make("d", "d/config.json", "slurm/exit/d"), null, null);
        Assert.Equal((RunState.Failed, "exit code 1"), (failed.State, failed.Detail));
        var timeout = SweepStatus.Of(dir, Make("e", "e/config.json"), null, new SlurmTask(9, 4, "TIMEOUT"));
        Assert.Equal((RunState.Failed, "task 9_4 TIMEOUT"), (timeout.State, timeout.Detail));
        Assert.Equal(RunState.Failed, SweepStatus.Of(dir, Make("f", "f/config.json"), null, null).State);   // stopped, nobody writes it
        Assert.Equal(RunState.NotStarted, SweepStatus.Of(dir, Make("g"), null, null).State);
    }

    [Theory]
    [InlineData("--partition", "gpu")]
    [InlineData("--max-parallel", "2")]
    public void SlurmOptionsWithoutSlurmAreAUsageError(string option, string value)
    {
        var path = Path.Combine(TestPaths.TempDir(), "sweep.json");
        File.WriteAllText(path, Tiny);
        var (code, _, err) = CliTests.Run("sweep", path, option, value, "--dry-run");
        Assert.Equal(2, code);
        Assert.Contains($"{option} is a Slurm option; add --slurm", err);
    }

    [Theory]
    [InlineData("--time", "two hours", "--time must look like HH:MM:SS")]
    [InlineData("--max-parallel", "0", "--max-parallel must be at least 1")]
    [InlineData("--mem", "lots", "--mem must be a size")]
    public void BadSlurmValuesAreRefusedBeforeAnythingIsWritten(string option, string value, string message)
    {
        var dir = TestPaths.TempDir();
        var path = Path.Combine(dir, "sweep.json");
        File.WriteAllText(path, Tiny);
        var (code, _, err) = CliTests.Run("sweep", path, "--slurm", option, value, "--out", Path.Combine(dir, "s"));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(Path.Combine(dir, "s")));
    }

    [Fact]
    public void ADryRunPrintsTheScriptAndTheSbatchCommandAndWritesNothing()
    {
        var dir = TestPaths.TempDir();
        var path = Path.Combine(dir, "sweep.json");
        File.WriteAllText(path, Tiny);
        var (code, output, err) = CliTests.Run("sweep", path, "--slurm", "--max-parallel", "2", "--program", "/opt/p/parsimony", "--dry-run", "--out", Path.Combine(dir, "s"));
        Assert.True(code == 0, err);
        Assert.Contains("#SBATCH --array=0-3%2", output);
        Assert.Contains("/opt/p/parsimony train adding --out", output);
        Assert.Contains("# sbatch --parsable " + Path.Combine(dir, "s", "slurm", "array.sh"), output);
        Assert.False(Directory.Exists(Path.Combine(dir, "s")));
    }
}

/// <summary>
/// Sweeps submitted to a real Slurm cluster: the same results as a local sweep, a cancelled task resumed from its
/// checkpoint to the same bits, a failing run reported by <c>--status</c> and <c>--collect</c>. The runs go through the
/// command line as a child process, so the job script starts the same program the tests built.
/// </summary>
public class SlurmClusterTests
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    static string Sweep(string dir, string variants, int epochs = 2) =>
        WriteFile(dir, $$"""
            { "command": "train adding",
              "base": { "sequence-length": 6, "train-samples": 64, "test-samples": 32, "hidden": 8, "epochs": {{epochs}}, "stabilizer-epochs": 0, "device": "cpu" },
              "variants": { {{variants}} },
              "grid": { "seed": [1, 2] } }
            """);

    static string WriteFile(string dir, string text)
    {
        var path = Path.Combine(dir, "sweep.json");
        File.WriteAllText(path, text);
        return path;
    }

    static (int Code, string Out, string Err) Cli(params string[] args) => CliProcess.Run(args);

    /// <summary>The status of the sweep as JSON.</summary>
    static JsonObject Status(string file, string dir)
    {
        var (code, output, err) = Cli("sweep", file, "--out", dir, "--status", "--json");
        Assert.True(code == 0, err);
        return JsonNode.Parse(output)!.AsObject();
    }

    /// <summary>Waits until no run of the sweep is queued or running.</summary>
    static JsonObject Settle(string file, string dir)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = Status(file, dir);
            if ((int)status["running"]! == 0 && (int)status["pending"]! == 0) return status;
            Assert.True(clock.Elapsed < Patience, $"the sweep did not settle in {Patience}: {status.ToJsonString()}");
            Thread.Sleep(500);
        }
    }

    static long Submit(string file, string dir, params string[] extra)
    {
        var (code, output, err) = Cli(["sweep", file, "--out", dir, "--slurm", "--quiet", .. extra]);
        Assert.True(code == 0, err);
        return long.Parse(output.Trim().Split('\n')[^1]);
    }

    [SlurmFact]
    public void ASweepOnSlurmGivesTheLocalSweepsResultsByteForByte()
    {
        var root = TestPaths.TempDir();
        var file = Sweep(root, "\"torus\": { \"space\": \"torus\" }, \"no-reg\": { \"space\": \"none\", \"target-sparsity\": 0.5 }");
        string local = Path.Combine(root, "local"), slurm = Path.Combine(root, "slurm");
        Assert.Equal(0, Cli("sweep", file, "--out", local, "--in-process", "--quiet").Code);

        Submit(file, slurm, "--max-parallel", "2");
        var status = Settle(file, slurm);
        Assert.Equal(4, (int)status["finished"]!);
        var (code, _, err) = Cli("sweep", file, "--out", slurm, "--collect", "--quiet");
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllLines(Path.Combine(local, "results.csv")), File.ReadAllLines(Path.Combine(slurm, "results.csv")));   // it holds no timing column
        Assert.Equal(File.ReadAllText(Path.Combine(local, "results.md")), File.ReadAllText(Path.Combine(slurm, "results.md")));
        foreach (var run in new[] { "torus_seed-1", "no-reg_seed-2" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, run, "model.safetensors")), File.ReadAllBytes(Path.Combine(slurm, run, "model.safetensors")));

        // Submitting a finished sweep again submits nothing.
        var again = Cli("sweep", file, "--out", slurm, "--slurm");
        Assert.Equal(0, again.Code);
        Assert.Contains("Nothing to submit: 4 run(s) finished", again.Err + again.Out);
    }

    [SlurmFact]
    public void ACancelledTaskIsTheOnlyOneResubmittedAndResumesToTheSameBits()
    {
        var root = TestPaths.TempDir();
        var file = Sweep(root, "\"torus\": { \"space\": \"torus\", \"train-samples\": 1024, \"sequence-length\": 20, \"hidden\": 32 }", epochs: 40);
        string local = Path.Combine(root, "local"), slurm = Path.Combine(root, "slurm");
        long job = Submit(file, slurm, "--max-parallel", "2");
        var victim = Path.Combine(slurm, "torus_seed-2");
        var clock = Stopwatch.StartNew();
        while (!(Directory.Exists(Path.Combine(victim, "checkpoints")) && Directory.GetDirectories(Path.Combine(victim, "checkpoints"), "step-*").Length >= 2))
        {
            Assert.True(clock.Elapsed < Patience, "the run never reached its second checkpoint");
            Assert.False(File.Exists(Path.Combine(victim, "summary.json")), "the run finished before it could be cancelled; make it longer");
            Thread.Sleep(100);
        }
        using (var cancel = Process.Start(new ProcessStartInfo("scancel", $"{job}_1") { RedirectStandardError = true })!) cancel.WaitForExit();
        var status = Settle(file, slurm);
        var states = status["states"]!.AsArray().ToDictionary(s => (string)s!["run"]!, s => (string)s!["state"]!);
        Assert.Equal("finished", states["torus_seed-1"]);
        Assert.Equal("failed", states["torus_seed-2"]);
        Assert.False(File.Exists(Path.Combine(victim, "summary.json")));

        var (code, output, err) = Cli("sweep", file, "--out", slurm, "--slurm");
        Assert.True(code == 0, err);
        Assert.Contains("1 run(s) (1)", err + output);
        Assert.Equal(2, (int)Settle(file, slurm)["finished"]!);
        Assert.Equal(2, File.ReadLines(Path.Combine(slurm, "logs", "torus_seed-2.log")).Count(l => l.StartsWith("== ")));   // two tasks ran it
        Assert.Equal(1, File.ReadLines(Path.Combine(slurm, "logs", "torus_seed-1.log")).Count(l => l.StartsWith("== ")));   // the finished run was left alone

        Assert.Equal(0, Cli("sweep", file, "--out", local, "--in-process", "--quiet").Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(local, "torus_seed-2", "model.safetensors")), File.ReadAllBytes(Path.Combine(victim, "model.safetensors")));
        var steps = File.ReadLines(Path.Combine(victim, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).Select(l => ((long)l["step"]!, (string?)l["kind"])).ToList();
        Assert.Equal(steps.Count, steps.Distinct().Count());                                   // no line logged twice
    }

    [SlurmFact]
    public void AFailingRunIsReportedByStatusAndCollectWithTheEndOfItsLog()
    {
        var root = TestPaths.TempDir();
        var file = Sweep(root, "\"ok\": { \"space\": \"none\" }, \"diverges\": { \"space\": \"none\", \"lr\": 1e30 }");
        var slurm = Path.Combine(root, "slurm");
        Submit(file, slurm);
        var status = Settle(file, slurm);
        Assert.Equal(2, (int)status["finished"]!);
        Assert.Equal(2, (int)status["failed"]!);
        var states = status["states"]!.AsArray().ToDictionary(s => (string)s!["run"]!, s => s!);
        Assert.Equal("exit code 1", (string)states["diverges_seed-1"]["detail"]!);

        var (code, _, err) = Cli("sweep", file, "--out", slurm, "--collect");
        Assert.Equal(1, code);
        Assert.Contains("FAILED: diverges_seed-1 (exit code 1)", err);
        Assert.Contains("diverged", err);                                                     // the run's own message, from its log
        Assert.Contains("2 run(s) failed: diverges_seed-1, diverges_seed-2", err);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(slurm, "results.csv")).Length);       // the two finished runs are aggregated
    }
}
