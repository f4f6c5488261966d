namespace Parsimony.Tests;

/// <summary>Temporary folders and shared data locations for tests.</summary>
static class TestPaths
{
    /// <summary>A fresh empty folder under the system temp directory.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "parsimony-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The repository root (the folder holding Parsimony.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Parsimony.slnx"))) return d.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>The shared data folder (../shared/data beside the repository, or $PARSIMONY_DATA).</summary>
    public static string SharedData => Environment.GetEnvironmentVariable("PARSIMONY_DATA") ?? Path.Combine(RepoRoot, "..", "shared", "data");
}

/// <summary>Run folders and jobs for tests, through the same contract the command line uses.</summary>
static class TestRuns
{
    /// <summary>A new run folder of <paramref name="command"/> with <paramref name="config"/> in a fresh temporary folder.</summary>
    public static Parsimony.Runs.RunFolder New(string command, Parsimony.Runs.RunConfig config) =>
        Parsimony.Runs.RunFolder.Create(Path.Combine(TestPaths.TempDir(), "run"), command, config, config is Parsimony.Runs.TrainConfig ? "cpu" : null);

    /// <summary>Runs <paramref name="job"/> into <paramref name="run"/>; null when stopped after <paramref name="stopAfter"/> steps.</summary>
    public static System.Text.Json.Nodes.JsonObject? Run(Parsimony.Runs.IJob job, Parsimony.Runs.RunFolder run, long? stopAfter = null, int logEvery = 50) =>
        Parsimony.Experiments.JobRunner.Run(job, run, new Parsimony.Runs.SilentObserver(), new Parsimony.Training.TrainerOptions(LogEvery: logEvery, StopAfterSteps: stopAfter));
}
