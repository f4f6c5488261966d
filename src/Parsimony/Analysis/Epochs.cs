using System.Globalization;

namespace Parsimony.Analysis;

/// <summary>
/// Time intervals to analyse, in seconds — pynapple's <c>restrict</c> convention: a stimulus sample is kept when its
/// time t satisfies start ≤ t ≤ end for some interval (both ends inclusive), and its spikes go with it. Intervals are
/// sorted; overlapping ones are allowed.
/// </summary>
/// <param name="Intervals">The (start, end) pairs in seconds.</param>
public sealed record Epochs(IReadOnlyList<(double Start, double End)> Intervals)
{
    /// <summary>
    /// Parses <c>start:end,start:end,…</c> or, when <paramref name="text"/> names an existing file, its lines of two
    /// numbers (start and end separated by a comma, tab, space or colon; blank lines and <c>#</c> comments skipped).
    /// </summary>
    public static Epochs Parse(string text, string property = "Epochs")
    {
        bool file = File.Exists(text);
        var parts = file
            ? File.ReadLines(text).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToArray()
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Rules.Require(parts.Length > 0, property, file ? $"names the file '{text}', which holds no interval." : "names no interval: give start:end[,start:end…] in seconds.");
        var intervals = new List<(double, double)>();
        foreach (var part in parts)
        {
            var ends = part.Split(file ? [',', '\t', ' ', ':'] : [':'], StringSplitOptions.RemoveEmptyEntries);
            double start = 0, end = 0;
            bool ok = ends.Length == 2 && Number(ends[0], out start) && Number(ends[1], out end);
            Rules.Require(ok, property, $"takes intervals start:end in seconds{(file ? " (one per line in a file)" : "")}; '{Text.Quote(part)}' is not one.");
            Rules.Require(double.IsFinite(start) && double.IsFinite(end) && end > start, property,
                          $"has the interval {Text.Quote(part)}, whose end is not after its start.");
            intervals.Add((start, end));
        }
        return new Epochs(intervals.OrderBy(i => i.Item1).ToArray());
    }

    static bool Number(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Whether time <paramref name="t"/> (seconds) lies in an interval.</summary>
    public bool Contains(double t)
    {
        foreach (var (start, end) in Intervals)
        {
            if (t < start) return false;                    // sorted by start: no later interval holds t
            if (t <= end) return true;
        }
        return false;
    }

    /// <summary>The intervals as text, <c>start:end,…</c>.</summary>
    public override string ToString() => string.Join(",", Intervals.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Start:G}:{i.End:G}")));
}
