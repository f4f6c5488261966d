namespace Parsimony.Bench;

/// <summary>
/// The <see cref="SernnBenchmarks"/> cases as interleaved rounds (<see cref="Interleaved"/>), one libtorch thread:
/// one training epoch (40 steps of 128 maze trials) of one network in a plain TorchSharp loop (the baseline), through
/// <c>train sernn</c>'s job and trainer step, and per network in a stack of 24 (<c>train sernn-population</c>'s step:
/// the stack's epoch divided by 24), with the seRNN penalty, L1 and none; and the seRNN penalty's forward and backward
/// alone for 24 networks per network. <c>-- interleaved sernn [rounds]</c>.
/// </summary>
public static class SernnComparison
{
    /// <summary>Runs and prints the comparison.</summary>
    public static void Run(int rounds)
    {
        SernnBenchmarks Case(string name)
        {
            var b = new SernnBenchmarks { Case = name };
            b.Setup();
            return b;
        }
        var plain = Case("plain TorchSharp loop");
        var job = Case("job sernn");
        var stackSernn = Case("stack of 24 sernn");
        var stackL1 = Case("stack of 24 l1");
        var stackNone = Case("stack of 24 no penalty");
        Interleaved.Run("seRNN training epoch (40 steps × 128 trials, 100 units, 50 steps), one libtorch thread, time per network", [
            new("plain TorchSharp loop, one network (baseline)", () => plain.Epoch()),
            new("train sernn: job + trainer step, one network", () => job.Epoch()),
            new("stack of 24, seRNN penalty (per network)", () => stackSernn.Epoch(), SernnBenchmarks.StackSize),
            new("stack of 24, L1 (per network)", () => stackL1.Epoch(), SernnBenchmarks.StackSize),
            new("stack of 24, no penalty (per network)", () => stackNone.Epoch(), SernnBenchmarks.StackSize),
        ], rounds, warmup: 1);
    }
}
