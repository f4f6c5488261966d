using System.Diagnostics;

namespace Parsimony.Tests;

/// <summary>The command line as a child process (<c>dotnet exec Parsimony.Cli.dll</c>): for what needs a real process — kills, locks, exit codes, the working folder.</summary>
static class CliProcess
{
    /// <summary>The start information of the CLI with <paramref name="args"/>, output redirected, in <paramref name="workingDirectory"/> when given.</summary>
    public static ProcessStartInfo Info(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "Parsimony.Cli.dll") }.Concat(args)) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        return start;
    }

    /// <summary>Runs the CLI to its end and returns its exit code and output (137 when it was killed by SIGKILL).</summary>
    public static (int Code, string Out, string Err) Run(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        using var process = Process.Start(Info(args, environment, workingDirectory))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, err);
    }

    /// <summary>Whether process <paramref name="pid"/> is still running (a zombie waiting to be reaped counts as gone).</summary>
    public static bool IsRunning(int pid)
    {
        var status = $"/proc/{pid}/status";
        try
        {
            return File.Exists(status) && !File.ReadLines(status).Any(l => l.StartsWith("State:") && (l.Contains("Z (zombie)") || l.Contains("X (dead)")));
        }
        catch (IOException) { return false; }
    }
}
