using System.Diagnostics;
using Parsimony.Runs;

namespace Parsimony.Tests.Reliability;

/// <summary>One writer per run folder, and no sweep worker outliving its sweep.</summary>
public class LockTests
{
    static readonly string[] Long = ["--sequence-length", "6", "--train-samples", "128", "--test-samples", "16", "--hidden", "8",
                                     "--epochs", "100000", "--stabilizer-epochs", "0", "--device", "cpu"];

    /// <summary>The pid written in a run's lock file, read without taking the lock; null until it is there.</summary>
    static int? Holder(string folder)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(folder, ".lock-pid")), out int pid) ? pid : null;
        }
        catch (IOException) { return null; }
    }

    static T WaitFor<T>(Func<T?> probe, string what, double seconds = 60) where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (probe() is { } value) return value;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"waited {seconds} s for {what}");
    }

    [Fact]
    public void ASecondWriterIsRefusedWhileTheFirstLivesAndAdmittedAfterItsDeath()
    {
        var folder = Path.Combine(TestPaths.TempDir(), "run");
        using var first = Process.Start(CliProcess.Info(["train", "adding", "--out", folder, .. Long]))!;
        try
        {
            int pid = WaitFor(() => Holder(folder), "the first process to take the lock");
            Assert.Equal(first.Id, pid);
            var (code, _, err) = Cli.CliTests.Run("train", "adding", "--resume", folder, "--quiet");
            Assert.Equal(1, code);
            Assert.Contains($"The run in {folder} is being written by another process (pid {pid})", err);
            Assert.DoesNotContain("internal error", err);
        }
        finally
        {
            first.Kill();
            first.WaitForExit();
        }
        RunFolder.Open(folder).Lock().Dispose();                    // the dead holder's lock went with it
    }

    [Fact]
    public void TwoLocksInOneProcessConflictToo()
    {
        var run = RunFolder.Create(Path.Combine(TestPaths.TempDir(), "r"), "t", new Fakes.RegressionConfig());
        using (run.Lock())
            Assert.Contains("is being written by another process", Assert.Throws<ParsimonyException>(() => run.Lock()).Message);
        run.Lock().Dispose();
    }

    [Fact]
    public void AKilledSweepLeavesNoWorkerRunning()
    {
        var dir = TestPaths.TempDir();
        var plan = Path.Combine(dir, "sweep.json");
        File.WriteAllText(plan, """
            { "command": "train adding", "workers": 1,
              "base": { "sequence-length": 6, "train-samples": 128, "test-samples": 16, "hidden": 8, "epochs": 100000, "stabilizer-epochs": 0, "device": "cpu" },
              "grid": { "seed": [1] } }
            """);
        var sweepDir = Path.Combine(dir, "sweep");
        using var sweep = Process.Start(CliProcess.Info(["sweep", plan, "--out", sweepDir, "--quiet"]))!;
        int worker;
        try
        {
            worker = WaitFor(() => Directory.Exists(sweepDir) ? Directory.GetDirectories(sweepDir).Select(Holder).FirstOrDefault(p => p is not null) : null,
                             "the worker to take its run's lock");
            Assert.NotEqual(sweep.Id, worker);
            Assert.True(CliProcess.IsRunning(worker));
        }
        finally
        {
            sweep.Kill();                                           // the parent only, like kill -9 of the sweep
            sweep.WaitForExit();
        }
        try
        {
            WaitFor(() => CliProcess.IsRunning(worker) ? null : (bool?)true, $"worker {worker} to stop after its sweep was killed", seconds: 10);
        }
        finally
        {
            if (CliProcess.IsRunning(worker)) Process.GetProcessById(worker).Kill();   // no orphan left behind by a failing test
        }
    }
}
