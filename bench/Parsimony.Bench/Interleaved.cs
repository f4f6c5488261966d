using System.Diagnostics;

namespace Parsimony.Bench;

/// <summary>
/// Ratios that hold on a loaded machine: every round runs each method once (in a rotating order), and a method's ratio
/// is the median over rounds of its time divided by the baseline's time in the same round, so slow drifts of the load
/// cancel. BenchmarkDotNet measures each method in its own block of minutes instead, which on a shared 2-core machine
/// can put the baseline and the candidate under different loads.
/// </summary>
public static class Interleaved
{
    /// <summary>One measured method: its label and one invocation that runs <paramref name="Operations"/> operations.</summary>
    public sealed record Method(string Label, Action Invoke, int Operations = 1);

    /// <summary>Runs <paramref name="rounds"/> rounds after <paramref name="warmup"/> unmeasured ones and prints a table (per-operation median times, ratios with quartiles); the first method is the baseline.</summary>
    public static void Run(string title, IReadOnlyList<Method> methods, int rounds = 30, int warmup = 3)
    {
        var times = methods.Select(_ => new List<double>()).ToArray();
        var clock = new Stopwatch();
        for (int round = -warmup; round < rounds; round++)
            for (int k = 0; k < methods.Count; k++)
            {
                int m = (k + Math.Max(round, 0)) % methods.Count;
                clock.Restart();
                methods[m].Invoke();
                clock.Stop();
                if (round >= 0) times[m].Add(clock.Elapsed.TotalMicroseconds / methods[m].Operations);
            }
        Console.WriteLine($"### {title}");
        Console.WriteLine();
        Console.WriteLine($"{rounds} interleaved rounds; load average at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
        Console.WriteLine();
        Console.WriteLine("| method | median time / op | ratio to baseline (median) | quartiles of the ratio | speed-up |");
        Console.WriteLine("|---|---|---|---|---|");
        for (int m = 0; m < methods.Count; m++)
        {
            var ratios = times[m].Zip(times[0], (a, b) => a / b).Order().ToArray();
            double median = Quantile(ratios, 0.5);
            Console.WriteLine($"| {methods[m].Label} | {Format(Quantile([.. times[m].Order()], 0.5))} | {median:0.000} | {Quantile(ratios, 0.25):0.000} – {Quantile(ratios, 0.75):0.000} | {1 / median:0.0}× |");
        }
        Console.WriteLine();
    }

    static double Quantile(double[] sorted, double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(q * (sorted.Length - 1)))];

    static string Format(double micros) => micros >= 1000 ? $"{micros / 1000:0.00} ms" : $"{micros:0.0} µs";
}
