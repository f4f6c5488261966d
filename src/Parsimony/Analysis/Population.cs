using Parsimony.Recordings;

namespace Parsimony.Analysis;

/// <summary>
/// The cells of one or more recording sessions as one population on one grid (spec ssi.md §2.1: cells from several
/// sessions, each with its own tracking): every session's spikes are binned against its own stimulus track, clock and
/// occupancy, and the rate maps are then put side by side. Pooled positions need one explicit extent (the grid cannot
/// follow one session's data range). A bin enters the population's measures only where every session sampled it; p
/// is the pooled occupancy (or uniform). Shuffles shift each session's spike trains against its own track.
/// </summary>
public sealed class Population
{
    /// <summary>Bins <paramref name="sessions"/> on their common grid.</summary>
    public Population(IReadOnlyList<Recording> sessions, RateMapOptions options)
    {
        if (sessions.Count == 0) throw new ArgumentException("A population needs at least one session.", nameof(sessions));
        var kinds = sessions.Select(s => s.Kind).Distinct().ToArray();
        if (kinds.Length > 1) throw new ParsimonyException("The sessions mix angle and position stimuli; a population has one stimulus.");
        Rules.Require(sessions.Count == 1 || kinds[0] == StimulusKind.Angle || options.Extent is not null, "Extent",
            $"must be given for {sessions.Count} pooled sessions: their cells share one grid, which cannot follow one session's data range " +
            "(give xmin,xmax,ymin,ymax and {BinSize} or {Bins}).");
        Binning = BinnedRecording.For(sessions[0], options);
        Sessions = sessions.Select(s => new BinnedRecording(s, options, Binning)).ToArray();
        CellNames = sessions.SelectMany(s => s.CellNames).ToArray();
        SessionOf = sessions.SelectMany((s, i) => Enumerable.Repeat(i, s.Cells)).ToArray();
    }

    /// <summary>The sessions, binned.</summary>
    public IReadOnlyList<BinnedRecording> Sessions { get; }
    /// <summary>The common bins.</summary>
    public StimulusBinning Binning { get; }
    /// <summary>Every cell's name, session by session.</summary>
    public string[] CellNames { get; }
    /// <summary>The session of every cell.</summary>
    public int[] SessionOf { get; }
    /// <summary>Number of cells.</summary>
    public int Cells => CellNames.Length;
    /// <summary>Kept and dropped samples of all sessions together.</summary>
    public SampleFilter Samples => SampleFilter.Sum(Sessions.Select(s => s.Samples));

    /// <summary>
    /// The population's rate maps, each session's spike trains shifted circularly by its entry of
    /// <paramref name="shifts"/> (samples; none: the observed maps).
    /// </summary>
    public TuningCurves Curves(IReadOnlyList<int>? shifts = null)
    {
        var parts = Sessions.Select((s, i) => s.Curves(shifts?[i] ?? 0)).ToArray();
        if (parts.Length == 1) return parts[0];
        var included = Enumerable.Range(0, Binning.Count).Select(b => parts.All(p => p.Included[b])).ToArray();
        var rates = parts.SelectMany(p => p.Rates).Select(r => r.Select((v, b) => included[b] ? v : 0).ToArray()).ToArray();
        var occupancy = Enumerable.Range(0, Binning.Count).Select(b => parts.Sum(p => p.OccupancySeconds[b])).ToArray();
        Rules.Require(included.Any(i => i), "MinOccupancy", "leaves no bin that every session sampled; lower it, use larger bins, or pool fewer sessions.");
        return new TuningCurves(Binning, rates, occupancy, included, parts.SelectMany(p => p.SpikeCounts).ToArray(), parts.Sum(p => p.TotalSeconds),
                                Samples, parts[0].LowOccupancy, parts.SelectMany(p => p.Rates.Select(_ => p.TotalSeconds)).ToArray());
    }
}
