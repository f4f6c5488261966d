namespace Parsimony.Runs;

/// <summary>
/// Named points where the reliability tests kill the process, to prove that a run survives a kill anywhere: the
/// environment variable <c>PARSIMONY_FAULT</c> names one point and after how many passes (<c>checkpoint-write:2</c> dies
/// the second time a checkpoint is being written); reaching it kills the process at once (SIGKILL, like a real kill:
/// no finally blocks, no flushing). Unset — always, outside those tests — a point costs one string comparison.
/// </summary>
public static class FaultPoints
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "PARSIMONY_FAULT";

    static readonly (string Name, int Pass)? Target = Parse(Environment.GetEnvironmentVariable(Variable));
    static int passes;

    static (string, int)? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var parts = text.Split(':');
        return (parts[0], parts.Length > 1 && int.TryParse(parts[1], out int n) ? n : 1);
    }

    /// <summary>Marks point <paramref name="name"/>; kills the process when it is the configured point and pass.</summary>
    public static void Reach(string name)
    {
        if (Target is not { } target || target.Name != name) return;
        if (Interlocked.Increment(ref passes) == target.Pass) System.Diagnostics.Process.GetCurrentProcess().Kill();
    }
}
