using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;
using Parsimony.Runs;
using Parsimony.Simulation;

namespace Parsimony.Experiments.Info;

/// <summary>
/// Stimulus information of a recording — or of several recording sessions pooled on one grid — as an untrained job:
/// the recordings are read and their rate maps, Skaggs information (plug-in and bias-corrected), stimulus information
/// matrix and SSI computed when the job is made (so bad input fails before any run folder exists); the circular-shift
/// shuffles of the null are its chunks (groups of shuffles, resumable, in parallel for small populations); the summary
/// holds every number per cell and for the population with its shuffle-corrected values, the figures its tuning
/// curves or rate maps, the matrix, the eigenvector and the null.
/// </summary>
public sealed class InfoJob : ISimulationJob
{
    /// <summary>Above this many cells the full eigenvalue spectrum (an O(N³) decomposition) is left out of the summary.</summary>
    public const int SpectrumCellLimit = 500;

    /// <summary>Above this many cells the pairs are not shuffled (each chunk would store N²/2 numbers); cells and the SSI still are.</summary>
    public const int PairNullCellLimit = 500;

    /// <summary>Cells with fewer spikes than this get a warning: their plug-in information is mostly bias.</summary>
    public const int FewSpikes = 50;

    readonly InfoConfig config;
    readonly IReadOnlyList<Recording> sessions;
    readonly Population population;
    readonly RecordingInformation info;
    readonly List<string> notes = [];
    readonly List<int> silent;
    readonly bool shufflePairs;
    ShuffleNull? nulls;

    /// <summary>Reads the recordings and computes the observed information.</summary>
    public InfoJob(InfoConfig config)
    {
        config.Validate();
        this.config = config;
        var loaded = config.Sources().Select(s => s.Load()).ToList();
        sessions = config.Session is { Length: > 0 } && config.SelectedCells() is { } cells ? SelectAcross(loaded, cells) : loaded;
        population = new Population(sessions, config.RateMaps());
        if (config.Shuffles > 0) foreach (var s in sessions) ShuffleNull.MinShiftSamples(s, config.MinShift);
        var curves = population.Curves();
        info = RecordingInformation.Compute(curves, config.UniformP, config.Convention);
        for (int i = 0; i < sessions.Count; i++)
            notes.AddRange(sessions[i].Notes.Select(n => sessions.Count > 1 ? $"session {i}: {n}" : n));
        var names = population.CellNames;
        silent = Enumerable.Range(0, population.Cells).Where(c => curves.SpikeCounts[c] == 0).ToList();
        if (silent.Count > 0) notes.Add($"{silent.Count} cell(s) fired no spike in the kept samples ({string.Join(", ", silent.Select(c => names[c]))}); they carry 0 bits.");
        var few = Enumerable.Range(0, population.Cells).Where(c => curves.SpikeCounts[c] is > 0 and < FewSpikes).ToList();
        if (few.Count > 0)
            notes.Add($"{few.Count} cell(s) have fewer than {FewSpikes} spikes ({string.Join(", ", few.Take(12).Select(c => $"{names[c]}: {curves.SpikeCounts[c]:0.#}"))}" +
                      $"{(few.Count > 12 ? ", …" : "")}): their plug-in information is mostly bias; see the bias-corrected and shuffle-corrected values.");
        notes.Add($"spikes used per cell: {string.Join(", ", Enumerable.Range(0, Math.Min(24, population.Cells)).Select(c => $"{names[c]} {curves.SpikeCounts[c]:0.#}"))}" +
                  (population.Cells > 24 ? $", … ({population.Cells} cells; all in per_cell)." : "."));
        var samples = curves.Samples;
        if (samples.Kept < samples.Total)
            notes.Add($"kept {samples.Kept} of {samples.Total} samples ({samples.OutsideEpochs} outside the epochs, {samples.NonFinite} non-finite, " +
                      $"{samples.OutsideExtent} outside the extent, {samples.TooSlow} below the minimum speed).");
        if (info.Matrix.Count > SpectrumCellLimit)
            notes.Add($"the eigenvalue spectrum is left out for more than {SpectrumCellLimit} cells (only the leading pair is computed).");
        shufflePairs = config.Shuffles > 0 && population.Cells <= PairNullCellLimit;
        if (config.Shuffles > 0 && !shufflePairs)
            notes.Add($"the pairs' shuffle correction is left out for more than {PairNullCellLimit} cells (cells and the SSI are corrected).");
    }

    /// <summary>The sessions restricted to <paramref name="cells"/>, numbered over all sessions' cells together.</summary>
    static List<Recording> SelectAcross(IReadOnlyList<Recording> sessions, int[] cells)
    {
        int total = sessions.Sum(s => s.Cells);
        foreach (int c in cells)
            Rules.Require(c >= 0 && c < total, "Cells", $"names cell {c}, which does not exist (the sessions have cells 0..{total - 1} together).");
        var selected = new List<Recording>();
        int first = 0;
        foreach (var s in sessions)
        {
            var mine = cells.Where(c => c >= first && c < first + s.Cells).Select(c => c - first).ToArray();
            if (mine.Length > 0) selected.Add(s.SelectCells(mine));
            first += s.Cells;
        }
        return selected;
    }

    /// <summary>Non-fatal findings while reading and binning, as sentences.</summary>
    public IReadOnlyList<string> Notes => notes;

    /// <inheritdoc/>
    public string Name => "shuffles";

    /// <summary>Shuffles per chunk: at most ten chunks, so the pairs' sums stored per chunk stay bounded.</summary>
    int PerChunk => Math.Max(1, (config.Shuffles + 9) / 10);

    /// <inheritdoc/>
    public int Chunks => config.Shuffles == 0 ? 0 : (config.Shuffles + PerChunk - 1) / PerChunk;

    /// <inheritdoc/>
    public int ParallelChunks => ShuffleNull.InnerParallelism(population.Cells) == 1 ? Environment.ProcessorCount : 1;

    /// <inheritdoc/>
    public JsonObject RunChunk(int index)
    {
        int first = index * PerChunk, last = Math.Min(config.Shuffles, first + PerChunk);
        var samples = Enumerable.Range(first, last - first)
            .Select(i => ShuffleNull.Draw(population, info, i, config.MinShift, config.Seed, ShuffleNull.InnerParallelism(population.Cells), shufflePairs))
            .ToList();
        var json = new JsonObject
        {
            ["first"] = first,
            ["ssi"] = Numbers(samples.Select(s => s.Ssi)),
            ["cell_bits_per_spike"] = new JsonArray(samples.Select(s => (JsonNode?)Numbers(s.CellBitsPerSpike)).ToArray()),
        };
        if (ShuffleNull.PairSum(samples) is { } sum) json["pair_sum"] = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(sum.AsSpan()));
        return json;
    }

    /// <inheritdoc/>
    public void Collect(IReadOnlyList<JsonObject> results)
    {
        if (results.Count == 0) return;
        var samples = results.SelectMany(r => r["ssi"]!.AsArray().Zip(r["cell_bits_per_spike"]!.AsArray(),
            (ssi, cells) => new ShuffleSample(cells!.AsArray().Select(v => (double)v!).ToArray(), (double)ssi!))).ToList();
        double[]? pairSum = null;
        if (results.All(r => r["pair_sum"] is not null))
        {
            pairSum = new double[population.Cells * (population.Cells - 1) / 2];
            foreach (var r in results)
            {
                var part = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(Convert.FromBase64String((string)r["pair_sum"]!));
                for (int i = 0; i < pairSum.Length; i++) pairSum[i] += part[i];
            }
        }
        nulls = ShuffleNull.Collect(samples, info, config.MinShift, pairSum);
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var curves = info.Curves;
        var matrix = info.Matrix;
        var plugin = matrix.Cells.Select(c => c.BitsPerSpike).ToArray();
        var corrected = nulls?.CellCorrected(plugin);
        var biasCorrected = info.BiasCorrected();
        var cells = new JsonArray();
        for (int c = 0; c < matrix.Count; c++)
        {
            var cell = new JsonObject
            {
                ["cell"] = c,
                ["name"] = population.CellNames[c],
                ["session"] = population.SessionOf[c],
                ["spikes"] = curves.SpikeCounts[c],
                ["mean_rate_hz"] = curves.SpikeCounts[c] / curves.SecondsOf(c),
                ["bits_per_second"] = matrix.Cells[c].BitsPerSecond,
                ["bits_per_spike"] = plugin[c],
                ["bits_per_spike_bias_corrected"] = biasCorrected[c],
                ["ssi_weight"] = info.Ssi.Weights[c],
            };
            if (nulls is not null)
            {
                cell["shuffle_z"] = nulls.CellZ[c];
                cell["shuffle_p"] = nulls.CellP[c];
                cell["bits_per_spike_shuffle_corrected"] = corrected![c];
            }
            cells.Add(cell);
        }
        var json = new JsonObject
        {
            ["cells"] = matrix.Count,
            ["sessions"] = sessions.Count,
            ["stimulus"] = curves.Binning.Kind.ToString().ToLowerInvariant(),
            ["bins"] = curves.Binning.Count,
            ["bins_x"] = curves.Binning.BinsX,
            ["bins_y"] = curves.Binning.BinsY,
            ["bins_excluded"] = curves.ExcludedBins,
            ["bins_visited"] = info.VisitedBins,
            ["total_seconds"] = curves.TotalSeconds,
            ["samples_kept"] = curves.Samples.Kept,
            ["samples_dropped_outside_epochs"] = curves.Samples.OutsideEpochs,
            ["samples_dropped_nonfinite"] = curves.Samples.NonFinite,
            ["samples_dropped_outside_extent"] = curves.Samples.OutsideExtent,
            ["samples_dropped_speed"] = curves.Samples.TooSlow,
            ["spikes_used"] = curves.SpikeCounts.Sum(),
            ["p"] = info.UniformP ? "uniform" : "occupancy",
            ["low_occupancy"] = JsonSerializer.SerializeToNode(config.LowOccupancy, Json.Options),
            ["ssi_bits_per_spike"] = info.Ssi.Lambda1,
            ["ssi_bits_per_second"] = info.SsiBitsPerSecond,
            ["best_cell_bits_per_spike"] = plugin.Max(),
            ["mean_bits_per_spike_bias_corrected"] = biasCorrected.Average(),
        };
        if (nulls is not null)
        {
            json["ssi_shuffle_corrected"] = nulls.SsiCorrected(info.Ssi.Lambda1);
            json["ssi_shuffle_z"] = nulls.SsiZ;
            json["cells_p_below_0.05"] = nulls.CellP.Count(p => p < 0.05);
            json["mean_bits_per_spike_shuffle_corrected"] = corrected!.Average();
        }
        if (matrix.Count <= SpectrumCellLimit) json["eigenvalues"] = Numbers(Ssi.Spectrum(matrix.BitsPerSpike));
        json["eigenvector"] = Numbers(info.Ssi.Weights);
        json["per_cell"] = cells;
        json["matrix_bits_per_spike"] = MatrixJson(matrix.BitsPerSpike);
        if (nulls?.PairCorrected(matrix.BitsPerSpike) is { } pairCorrected) json["matrix_bits_per_spike_shuffle_corrected"] = MatrixJson(pairCorrected);
        if (nulls is not null)
            json["shuffles"] = new JsonObject
            {
                ["count"] = nulls.Shuffles, ["min_shift_seconds"] = nulls.MinShiftSeconds,
                ["ssi_z"] = nulls.SsiZ, ["ssi_p"] = nulls.SsiP, ["ssi_null_mean"] = nulls.SsiNull.Average(),
                ["ssi_null"] = Numbers(nulls.SsiNull),
            };
        json["recording_sessions"] = new JsonArray(sessions.Select((s, i) => (JsonNode?)new JsonObject
        {
            ["session"] = i,
            ["input"] = s.Source,
            ["cells"] = s.Cells,
            ["samples_kept"] = population.Sessions[i].Samples.Kept,
            ["seconds_kept"] = population.Sessions[i].Samples.Kept * s.SampleSeconds,
            ["spikes_outside_tracked_time"] = s.SpikesOutside,
        }).ToArray());
        json["input"] = string.Join("; ", sessions.Select(s => s.Source));
        if (config.Epochs is not null) json["epochs"] = config.RateMaps().Epochs!.ToString();
        if (config.Recipe != InfoRecipe.None) json["recipe"] = Recipe();
        json["convention"] = JsonSerializer.SerializeToNode(config.Convention, Json.Options);
        json["spikes_outside_tracked_time"] = sessions.Sum(s => s.SpikesOutside);
        json["notes"] = new JsonArray(notes.Select(n => (JsonNode?)n).ToArray());
        if (silent.Count > 0) json["silent_cells"] = new JsonArray(silent.Select(c => (JsonNode?)c).ToArray());
        return json;
    }

    /// <summary>The recipe, the options it sets, and those the user changed from it.</summary>
    JsonObject Recipe()
    {
        var preset = config.PresetOptions()!;
        var options = JsonSerializer.SerializeToNode(config, Json.Options)!.AsObject();
        var set = new JsonObject();
        var changed = new JsonArray();
        foreach (var (name, value) in preset)
        {
            var key = Json.Name(name);
            var expected = JsonSerializer.SerializeToNode(value, typeof(InfoConfig).GetProperty(name)!.PropertyType, Json.Options);
            set[key] = expected?.DeepClone();
            if (!JsonNode.DeepEquals(options[key], expected)) changed.Add((JsonNode?)$"{key}: {options[key]?.ToJsonString() ?? "null"} (recipe: {expected?.ToJsonString() ?? "null"})");
        }
        return new JsonObject { ["name"] = JsonSerializer.SerializeToNode(config.Recipe, Json.Options), ["sets"] = set, ["changed"] = changed };
    }

    static JsonArray MatrixJson(double[,] m) => new(Enumerable.Range(0, m.GetLength(0))
        .Select(a => (JsonNode?)Numbers(Enumerable.Range(0, m.GetLength(1)).Select(b => m[a, b]))).ToArray());

    static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    /// <summary>
    /// Tuning curves (angles) or rate maps (positions) with their bits/spike, the SI matrix heat map, the eigenvector bar
    /// plot, and with shuffles the SSI null distribution, each cell's z and its shuffle-corrected information.
    /// </summary>
    public IEnumerable<NamedFigure> Figures()
    {
        var curves = info.Curves;
        var binning = curves.Binning;
        var names = sessions.Count > 1
            ? population.CellNames.Select((n, c) => $"s{population.SessionOf[c]} {n}").ToArray()
            : population.CellNames;
        var bits = info.Matrix.Cells.Select(c => c.BitsPerSpike).ToArray();
        var estimated = curves.OccupancySeconds.Select((o, b) => curves.Included[b] ? o : 0).ToArray();
        if (binning.Kind == StimulusKind.Angle)
        {
            var degrees = Enumerable.Range(0, binning.Count).Select(b => binning.Centre(b).X * 180 / Math.PI).ToArray();
            yield return new NamedFigure("tuning-curves", new StackedFigure("Tuning curves with each cell's Skaggs information", "stimulus (degrees)", degrees,
                curves.Rates.Select(r => r.Select((v, b) => curves.Included[b] ? v : double.NaN).ToArray()).ToArray(),
                names.Select((n, c) => $"{n}: {bits[c]:F2} bits/spike").ToArray())
            {
                Unit = "Hz",
                Caption = $"Firing rate against the stimulus angle ({binning.Count} bins of {360.0 / binning.Count:0.#}°), each cell scaled to its own peak rate " +
                          "(in its label); gaps are bins without occupancy.",
            });
        }
        else
            yield return new NamedFigure("rate-maps", new RateMapsFigure("Rate maps with each cell's Skaggs information", curves.Rates,
                binning.BinsX, binning.BinsY, estimated, names.Select((n, c) => $"{n}: {bits[c]:F2} bits/spike").ToArray(), binning.Extent)
            {
                XLabel = "x (position units)", YLabel = "y (position units)", ColorLabel = "rate (Hz)",
                Caption = $"Each cell's firing rate over the {binning.BinsX} × {binning.BinsY} position bins of the extent, drawn in its true aspect ratio with " +
                          "a colour bar of its own; grey bins had too little (or no) occupancy" +
                          (curves.LowOccupancy == LowOccupancy.ZeroRate ? " and count as rate 0 in the measures." : " and are excluded, not zero.") +
                          (sessions.Count > 1 ? " sN names the recording session of each cell; each map uses its own session's occupancy." : ""),
            });
        yield return new NamedFigure("si-matrix", new HeatmapFigure($"Stimulus information matrix; SSI = {info.Ssi.Lambda1:F3} bits/spike",
            JobOutput.Rows(info.Matrix.BitsPerSpike), "cell", "cell")
        {
            ColorLabel = "bits/spike",
            Caption = "J_spike(a, b) for every pair of cells (spec ssi.md §1.2): row a, column b; the diagonal holds each cell's Skaggs information. " +
                      "The SSI is the leading eigenvalue of this matrix.",
        });
        yield return new NamedFigure("ssi-eigenvector", new BarsFigure("Leading eigenvector: each cell's weight in the population code", "weight", info.Ssi.Weights)
        {
            XLabel = "cell",
            Caption = "The eigenvector of the SSI (unit length, signed to sum ≥ 0): cells with large weights carry the population's information.",
        });
        if (nulls is null) yield break;
        yield return new NamedFigure("ssi-shuffle-null", new HistogramFigure($"SSI against {nulls.Shuffles} circular shifts (z = {nulls.SsiZ:F1}, {PValue(nulls.SsiP, nulls.Shuffles)})",
            "SSI of the shifted spike trains (bits/spike)", nulls.SsiNull, info.Ssi.Lambda1, "observed")
        {
            Caption = $"The SSI of spike trains shifted circularly against the stimulus by at least {nulls.MinShiftSeconds:0.#} s (which keeps each train's " +
                      "timing and the cells' co-firing but breaks their relation to the stimulus), and the observed value. p = (1 + shuffles ≥ observed)/(1 + shuffles).",
        });
        yield return new NamedFigure("shuffle-corrected", new BarsFigure("Shuffle-corrected information per cell (observed − null mean)", "bits/spike",
            nulls.CellCorrected(bits))
        {
            XLabel = "cell",
            Caption = "Each cell's Skaggs information minus the mean over the shuffles: the plug-in estimate's upward bias removed; near 0 for an untuned cell.",
        });
        if (nulls.PairCorrected(info.Matrix.BitsPerSpike) is { } pairs)
            yield return new NamedFigure("si-matrix-shuffle-corrected", new HeatmapFigure(
                $"Shuffle-corrected information matrix; SSI − null mean = {nulls.SsiCorrected(info.Ssi.Lambda1):F3} bits/spike", JobOutput.Rows(pairs), "cell", "cell")
            {
                ColorLabel = "bits/spike",
                Caption = "J_spike(a, b) minus its mean over the circular shifts, for every pair (the diagonal: each cell's corrected Skaggs information). " +
                          "Entries near 0 are what chance alignment with the stimulus gives; a pair's excess over it is its information.",
            });
        yield return new NamedFigure("shuffle-z", new BarsFigure("Each cell's bits/spike as a z-score against the shuffle null", "z", nulls.CellZ)
        {
            XLabel = "cell",
            Caption = "z = (observed − null mean)/null s.d. per cell (0 where the null has no spread, e.g. a silent cell).",
        });
    }

    /// <summary>A shuffle p-value as it may be read: a bound when no shuffle reached the observed value.</summary>
    static string PValue(double p, int shuffles) => Math.Abs(p - 1.0 / (shuffles + 1)) < 1e-12
        ? $"p ≤ 1/{shuffles + 1} (no shift reached it)"
        : $"p = {p:0.###}";

    /// <inheritdoc/>
    public Glossary Glossary() => JobOutput.Common()
        .Add("cells", "Cells analysed.")
        .Add("sessions", "Recording sessions pooled into the population (each binned against its own stimulus track and occupancy).")
        .Add("recording_sessions", "One record per recording session: its files, cells, samples and time kept, spikes outside its tracked time.")
        .Add("session", "The recording session a cell (or record) comes from (0-based, in the order given).")
        .Add("seconds_kept", "Time of the samples a session kept.", "s")
        .Add("bins_visited", "Bins with weight p > 0 and occupancy > 0: the K of the analytic bias (K − 1)/(2 n ln 2).")
        .Add("spikes_used", "Spikes in the kept samples, all cells together.")
        .Add("low_occupancy", "What bins at or below the minimum occupancy count for: exclude (left out of p) or zero-rate (in p with rate 0).")
        .Add("samples_dropped_outside_epochs", "Samples dropped because their time lies in no analysed interval (--epochs).")
        .Add("epochs", "The analysed time intervals, start:end in seconds (both ends inclusive).", "s")
        .Add("recipe", "The published analysis run: its name, the options it sets, and the ones changed from it.")
        .Add("bits_per_spike_bias_corrected", "Plug-in bits/spike minus its first-order bias (K − 1)/(2 n ln 2) for n spikes over K visited bins (spec ssi.md §1.6); smoothed maps are over-corrected (fewer effective bins).", "bits/spike")
        .Add("mean_bits_per_spike_bias_corrected", "The cells' mean analytically bias-corrected bits/spike.", "bits/spike")
        .Add("mean_bits_per_spike_shuffle_corrected", "The cells' mean shuffle-corrected bits/spike.", "bits/spike")
        .Add("ssi_shuffle_corrected", "SSI minus the mean SSI of the circular shifts: the population's information beyond chance alignment.", "bits/spike")
        .Add("matrix_bits_per_spike_shuffle_corrected", "J_spike minus its mean over the circular shifts, row by row (left out above 500 cells).", "bits/spike")
        .Add("stimulus", "What the stimulus is: an angle (binned on the circle) or a 2-D position (binned on a grid).")
        .Add("bins", "Stimulus bins in all.")
        .Add("bins_x", "Bins along the angle, or along x.")
        .Add("bins_y", "Bins along y (1 for angles).")
        .Add("bins_excluded", "Bins at or below the minimum (smoothed) occupancy: rate 0, and weight 0 unless low_occupancy is zero-rate.")
        .Add("total_seconds", "Time of the samples kept.", "s")
        .Add("samples_kept", "Stimulus samples used.")
        .Add("samples_dropped_nonfinite", "Samples dropped because the stimulus was NaN or infinite (untracked).")
        .Add("samples_dropped_outside_extent", "Samples dropped because the position lay outside the binned extent.")
        .Add("samples_dropped_speed", "Samples dropped by the minimum-speed filter.")
        .Add("p", "How the bins are weighted in the information measures: by occupancy, or uniformly over the bins kept.")
        .Add("ssi_bits_per_spike", "Spectral stimulus information: the leading eigenvalue of the per-spike stimulus information matrix (Deighton et al.). It adds up over cells (N disjoint fields of I bits give (2N − 1)·I), so it can exceed log2 of the bin count.", "bits/spike")
        .Add("ssi_bits_per_second", "The leading eigenvalue of the per-second matrix J_sec.", "bits/s")
        .Add("best_cell_bits_per_spike", "The largest single-cell Skaggs information.", "bits/spike")
        .Add("ssi_shuffle_z", "z of the SSI against the circular-shift null.")
        .Add("cells_p_below_0.05", "Cells whose information beats the shuffle null at p < 0.05.")
        .Add("eigenvalues", "Every eigenvalue of the symmetrised per-spike matrix, largest first (left out above 500 cells).", "bits/spike")
        .Add("eigenvector", "The SSI's eigenvector: each cell's weight in the population code.")
        .Add("per_cell", "One record per cell (the table below).")
        .Add("matrix_bits_per_spike", "The per-spike stimulus information matrix J_spike, row by row.", "bits/spike")
        .Add("shuffles", "The circular-shift null: count, smallest shift, the SSI's z and p, the null's mean and every null SSI.")
        .Add("input", "The files read (sessions separated by ';').")
        .Add("convention", "How logarithms of zero are treated: exact (the ε → 0 limit) or reference (the authors' ε constants).")
        .Add("spikes_outside_tracked_time", "Spike times outside every tracked sample, dropped (more than half of them is refused: the time bases disagree).")
        .Add("silent_cells", "Cells with no spike in the samples kept (0 bits).")
        .Add("cell", "The cell's number (0-based, in the order analysed).")
        .Add("name", "The cell's name from the file.")
        .Add("spikes", "Spikes in the samples kept (expected spikes when the input was rates).")
        .Add("mean_rate_hz", "Spikes / time kept of the cell's session.", "Hz")
        .Add("bits_per_second", "Skaggs information rate I_sec = Σ p λ log2(λ/λ̄).", "bits/s")
        .Add("bits_per_spike", "Skaggs information I_spike = I_sec / λ̄.", "bits/spike")
        .Add("ssi_weight", "The cell's entry of the SSI eigenvector.")
        .Add("shuffle_z", "z of the cell's bits/spike against its circular-shift null.")
        .Add("shuffle_p", "p = (1 + shuffles ≥ observed)/(1 + shuffles); its smallest value 1/(shuffles + 1) is a bound (no shift reached the observed value).")
        .Add("bits_per_spike_shuffle_corrected", "Observed bits/spike minus the mean of the null: the plug-in estimate with its upward bias removed.", "bits/spike");

    /// <inheritdoc/>
    public void Dispose() { }
}
