using System.Runtime.InteropServices;

namespace Parsimony.Cli.Console;

/// <summary>
/// Ties a sweep's worker process to the sweep: a worker is started with <see cref="Variable"/> set to the sweep's pid
/// and watches its parent; when the sweep is gone (killed, or ended) the worker stops at once — its run stays unfinished
/// and resumable, its lock is released — instead of training on as an orphan next to a re-run sweep.
/// </summary>
static class ParentWatch
{
    /// <summary>The environment variable holding the parent's pid.</summary>
    public const string Variable = "PARSIMONY_PARENT_PID";

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentPid();

    /// <summary>Starts watching when this process is a sweep worker (Linux); returns whether it does.</summary>
    public static bool Start()
    {
        if (!OperatingSystem.IsLinux() || !int.TryParse(Environment.GetEnvironmentVariable(Variable), out int parent)) return false;
        var thread = new Thread(() =>
        {
            while (true)
            {
                if (GetParentPid() != parent)
                {
                    System.Console.Error.WriteLine($"error: the sweep (pid {parent}) that started this worker is gone; stopping (the run can be resumed).");
                    Environment.Exit(3);
                }
                Thread.Sleep(250);
            }
        }) { IsBackground = true, Name = "parent watch" };
        thread.Start();
        return true;
    }
}
