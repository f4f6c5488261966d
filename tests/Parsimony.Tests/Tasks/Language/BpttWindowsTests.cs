using Parsimony.Tasks.Language;

namespace Parsimony.Tests.Tasks.Language;

/// <summary>Truncated-BPTT windows, fixed and AWD-LSTM variable, and the character corpus.</summary>
public class BpttWindowsTests
{
    [Fact]
    public void FixedWindowsCoverEveryPredictedRowOnce()
    {
        var windows = BpttWindows.Draw(rows: 101, bptt: 30, variable: false, seed: 1);
        Assert.Equal([(0L, 30L), (30, 30), (60, 30), (90, 10)], windows.Select(w => (w.Start, w.Length)));
        Assert.All(windows, w => Assert.Equal(1, w.LrScale));
    }

    [Fact]
    public void VariableWindowsFollowTheScheduleAndRepeatForASeed()
    {
        var windows = BpttWindows.Draw(rows: 200_001, bptt: 70, variable: true, seed: 7);
        Assert.Equal(windows, BpttWindows.Draw(200_001, 70, true, 7));
        Assert.NotEqual(windows, BpttWindows.Draw(200_001, 70, true, 8));
        Assert.Equal(200_000, windows.Sum(w => w.Length));                               // contiguous, every row once
        for (int i = 1; i < windows.Count; i++) Assert.Equal(windows[i - 1].Start + windows[i - 1].Length, windows[i].Start);
        Assert.All(windows.SkipLast(1), w => Assert.True(w.Length >= 5));
        // bptt' = 70 with probability 0.95, else 35: the scale length/bptt' tells which; lengths spread with sd 5.
        var full = windows.SkipLast(1).Where(w => Math.Abs(w.Length / w.LrScale - 70) < 1e-9).ToList();
        var half = windows.SkipLast(1).Where(w => Math.Abs(w.Length / w.LrScale - 35) < 1e-9).ToList();
        Assert.Equal(windows.Count - 1, full.Count + half.Count);
        Assert.InRange(half.Count / (double)(windows.Count - 1), 0.03, 0.07);
        Assert.InRange(full.Average(w => (double)w.Length), 69, 70);                      // E⌊N(70, 5)⌋ = 69.5
        Assert.InRange(Math.Sqrt(full.Average(w => Math.Pow(w.Length - 69.5, 2))), 4.5, 5.5);
    }

    [Fact]
    public void ACharacterCorpusSplitsTheTextContiguously()
    {
        var path = Path.Combine(TestPaths.TempDir(), "text.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("to be or not to be\n", 200)));
        var corpus = new CharCorpus(path);
        Assert.Equal("\n benort", new string(corpus.Characters));
        Assert.Equal(3800, corpus.Train.Length + corpus.Valid.Length + corpus.Test.Length);
        Assert.Equal(3420, corpus.Train.Length);
        Assert.Equal('t', corpus.Characters[corpus.Train[0]]);
    }
}
