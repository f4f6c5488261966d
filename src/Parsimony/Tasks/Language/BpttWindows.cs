namespace Parsimony.Tasks.Language;

/// <summary>One truncated-BPTT window: its first row, its length, and the learning-rate scale that goes with it.</summary>
/// <param name="Start">First row of the window in the batchified source.</param>
/// <param name="Length">Rows (time steps) of the window.</param>
/// <param name="LrScale">seq / bptt' of the AWD-LSTM schedule (1 for fixed windows).</param>
public readonly record struct BpttWindow(long Start, long Length, double LrScale);

/// <summary>
/// The windows of one pass over a batchified source (spec egru_eventprop.md §A.6.3): fixed windows of
/// <c>bptt</c> rows, or AWD-LSTM's variable ones — bptt' = bptt with probability 0.95, else bptt/2; length
/// max(5, ⌊N(bptt', 5)⌋); the learning rate scaled by length/bptt' — drawn from a seed so that a
/// resumed epoch sees the same windows.
/// </summary>
public static class BpttWindows
{
    /// <summary>The windows covering rows 0 … <paramref name="rows"/> − 2 (each predicts its next row).</summary>
    public static IReadOnlyList<BpttWindow> Draw(long rows, int bptt, bool variable, int seed)
    {
        var windows = new List<BpttWindow>();
        var random = new Random(seed);
        for (long start = 0; start < rows - 1;)
        {
            double target = bptt, length = bptt;
            if (variable)
            {
                target = random.NextDouble() < 0.95 ? bptt : bptt / 2.0;
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                length = Math.Max(5, Math.Floor(target + 5 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
            }
            long n = Math.Min((long)length, rows - 1 - start);
            windows.Add(new BpttWindow(start, n, variable ? n / target : 1));
            start += n;
        }
        return windows;
    }
}
