using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;
using Parsimony.Runs;
using Parsimony.Simulation;

namespace Parsimony.Experiments.Info;

/// <summary>
/// Stimulus information of a recording as an untrained job: the recording is read and its rate maps, Skaggs
/// information, stimulus information matrix and SSI computed when the job is made (so bad input fails before any run
/// folder exists); the circular-shift shuffles of the null are its chunks (resumable, in parallel for small
/// populations); the summary holds every number per cell and for the population, the figures its tuning curves or rate
/// maps, the matrix, the eigenvector and the null.
/// </summary>
public sealed class InfoJob : ISimulationJob
{
    /// <summary>Above this many cells the full eigenvalue spectrum (an O(N³) decomposition) is left out of the summary.</summary>
    public const int SpectrumCellLimit = 500;

    readonly InfoConfig config;
    readonly Recording recording;
    readonly BinnedRecording binned;
    readonly RecordingInformation info;
    readonly List<string> notes;
    readonly List<int> silent;
    ShuffleNull? nulls;

    /// <summary>Reads the recording and computes the observed information.</summary>
    public InfoJob(InfoConfig config)
    {
        config.Validate();
        this.config = config;
        recording = config.Source().Load();
        binned = new BinnedRecording(recording, config.RateMaps());
        if (config.Shuffles > 0) ShuffleNull.MinShiftSamples(recording, config.MinShift);
        var curves = binned.Curves();
        info = RecordingInformation.Compute(curves, config.UniformP, config.Convention);
        notes = recording.Notes.ToList();
        silent = Enumerable.Range(0, recording.Cells).Where(c => curves.SpikeCounts[c] == 0).ToList();
        if (silent.Count > 0) notes.Add($"{silent.Count} cell(s) fired no spike in the kept samples ({string.Join(", ", silent.Select(c => recording.CellNames[c]))}); they carry 0 bits.");
        if (curves.Samples.NonFinite + curves.Samples.OutsideExtent + curves.Samples.TooSlow > 0)
            notes.Add($"kept {curves.Samples.Kept} of {recording.Samples} samples ({curves.Samples.NonFinite} non-finite, " +
                      $"{curves.Samples.OutsideExtent} outside the extent, {curves.Samples.TooSlow} below the minimum speed).");
        if (info.Matrix.Count > SpectrumCellLimit)
            notes.Add($"the eigenvalue spectrum is left out for more than {SpectrumCellLimit} cells (only the leading pair is computed).");
    }

    /// <summary>Non-fatal findings while reading and binning, as sentences.</summary>
    public IReadOnlyList<string> Notes => notes;

    /// <inheritdoc/>
    public string Name => "shuffles";
    /// <inheritdoc/>
    public int Chunks => config.Shuffles;
    /// <inheritdoc/>
    public int ParallelChunks => ShuffleNull.InnerParallelism(recording.Cells) == 1 ? Environment.ProcessorCount : 1;

    /// <inheritdoc/>
    public JsonObject RunChunk(int index)
    {
        var sample = ShuffleNull.Draw(binned, info, index, config.MinShift, config.Seed, ShuffleNull.InnerParallelism(recording.Cells));
        return new JsonObject { ["ssi"] = sample.Ssi, ["cell_bits_per_spike"] = Numbers(sample.CellBitsPerSpike) };
    }

    /// <inheritdoc/>
    public void Collect(IReadOnlyList<JsonObject> results)
    {
        if (results.Count == 0) return;
        var samples = results.Select(r => new ShuffleSample(r["cell_bits_per_spike"]!.AsArray().Select(v => (double)v!).ToArray(), (double)r["ssi"]!)).ToList();
        nulls = ShuffleNull.Collect(samples, info, config.MinShift);
    }

    /// <inheritdoc/>
    public JsonObject Summarize()
    {
        var curves = info.Curves;
        var matrix = info.Matrix;
        var corrected = nulls?.CellCorrected(matrix.Cells.Select(c => c.BitsPerSpike).ToArray());
        var cells = new JsonArray();
        for (int c = 0; c < matrix.Count; c++)
        {
            var cell = new JsonObject
            {
                ["cell"] = c,
                ["name"] = recording.CellNames[c],
                ["spikes"] = curves.SpikeCounts[c],
                ["mean_rate_hz"] = curves.SpikeCounts[c] / curves.TotalSeconds,
                ["bits_per_second"] = matrix.Cells[c].BitsPerSecond,
                ["bits_per_spike"] = matrix.Cells[c].BitsPerSpike,
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
            ["stimulus"] = curves.Binning.Kind.ToString().ToLowerInvariant(),
            ["bins"] = curves.Binning.Count,
            ["bins_x"] = curves.Binning.BinsX,
            ["bins_y"] = curves.Binning.BinsY,
            ["bins_excluded"] = curves.ExcludedBins,
            ["total_seconds"] = curves.TotalSeconds,
            ["samples_kept"] = curves.Samples.Kept,
            ["samples_dropped_nonfinite"] = curves.Samples.NonFinite,
            ["samples_dropped_outside_extent"] = curves.Samples.OutsideExtent,
            ["samples_dropped_speed"] = curves.Samples.TooSlow,
            ["p"] = info.UniformP ? "uniform" : "occupancy",
            ["ssi_bits_per_spike"] = info.Ssi.Lambda1,
            ["ssi_bits_per_second"] = info.SsiBitsPerSecond,
            ["best_cell_bits_per_spike"] = matrix.Cells.Max(c => c.BitsPerSpike),
        };
        if (nulls is not null)
        {
            json["ssi_shuffle_z"] = nulls.SsiZ;
            json["cells_p_below_0.05"] = nulls.CellP.Count(p => p < 0.05);
        }
        if (matrix.Count <= SpectrumCellLimit) json["eigenvalues"] = Numbers(Ssi.Spectrum(matrix.BitsPerSpike));
        json["eigenvector"] = Numbers(info.Ssi.Weights);
        json["per_cell"] = cells;
        json["matrix_bits_per_spike"] = new JsonArray(Enumerable.Range(0, matrix.Count)
            .Select(a => (JsonNode?)Numbers(Enumerable.Range(0, matrix.Count).Select(b => matrix.BitsPerSpike[a, b]))).ToArray());
        if (nulls is not null)
            json["shuffles"] = new JsonObject
            {
                ["count"] = nulls.Shuffles, ["min_shift_seconds"] = nulls.MinShiftSeconds,
                ["ssi_z"] = nulls.SsiZ, ["ssi_p"] = nulls.SsiP, ["ssi_null_mean"] = nulls.SsiNull.Average(),
                ["ssi_null"] = Numbers(nulls.SsiNull),
            };
        json["input"] = recording.Source;
        json["convention"] = JsonSerializer.SerializeToNode(config.Convention, Json.Options);
        json["spikes_outside_tracked_time"] = recording.SpikesOutside;
        json["notes"] = new JsonArray(notes.Select(n => (JsonNode?)n).ToArray());
        if (silent.Count > 0) json["silent_cells"] = new JsonArray(silent.Select(c => (JsonNode?)c).ToArray());
        return json;
    }

    static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    /// <summary>
    /// Tuning curves (angles) or rate maps (positions) with their bits/spike, the SI matrix heat map, the eigenvector bar
    /// plot, and with shuffles the SSI null distribution, each cell's z and its shuffle-corrected information.
    /// </summary>
    public IEnumerable<NamedFigure> Figures()
    {
        var curves = info.Curves;
        var binning = curves.Binning;
        var names = recording.CellNames;
        var bits = info.Matrix.Cells.Select(c => c.BitsPerSpike).ToArray();
        if (binning.Kind == StimulusKind.Angle)
        {
            var degrees = Enumerable.Range(0, binning.Count).Select(b => binning.Centre(b).X * 180 / Math.PI).ToArray();
            yield return new NamedFigure("tuning-curves", new StackedFigure("Tuning curves with each cell's Skaggs information", "stimulus (degrees)", degrees,
                curves.Rates.Select(r => r.Select((v, b) => curves.OccupancySeconds[b] > 0 ? v : double.NaN).ToArray()).ToArray(),
                names.Select((n, c) => $"{n}: {bits[c]:F2} bits/spike").ToArray())
            {
                Unit = "Hz",
                Caption = $"Firing rate against the stimulus angle ({binning.Count} bins of {360.0 / binning.Count:0.#}°), each cell scaled to its own peak rate " +
                          "(in its label); gaps are bins without occupancy.",
            });
        }
        else
            yield return new NamedFigure("rate-maps", new RateMapsFigure("Rate maps with each cell's Skaggs information", curves.Rates,
                binning.BinsX, binning.BinsY, curves.OccupancySeconds, names.Select((n, c) => $"{n}: {bits[c]:F2} bits/spike").ToArray(), binning.Extent)
            {
                XLabel = "x (position units)", YLabel = "y (position units)", ColorLabel = "rate (Hz)",
                Caption = $"Each cell's firing rate over the {binning.BinsX} × {binning.BinsY} position bins of the extent, drawn in its true aspect ratio with " +
                          "a colour bar of its own; grey bins had too little (or no) occupancy and are excluded, not zero.",
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
        .Add("stimulus", "What the stimulus is: an angle (binned on the circle) or a 2-D position (binned on a grid).")
        .Add("bins", "Stimulus bins in all.")
        .Add("bins_x", "Bins along the angle, or along x.")
        .Add("bins_y", "Bins along y (1 for angles).")
        .Add("bins_excluded", "Bins left out for too little (smoothed) occupancy: rate 0 and weight 0 in the measures.")
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
        .Add("input", "The files read.")
        .Add("convention", "How logarithms of zero are treated: exact (the ε → 0 limit) or reference (the authors' ε constants).")
        .Add("spikes_outside_tracked_time", "Spike times outside every tracked sample, dropped.")
        .Add("silent_cells", "Cells with no spike in the samples kept (0 bits).")
        .Add("cell", "The cell's number (0-based, in the order analysed).")
        .Add("name", "The cell's name from the file.")
        .Add("spikes", "Spikes in the samples kept.")
        .Add("mean_rate_hz", "Spikes / time kept.", "Hz")
        .Add("bits_per_second", "Skaggs information rate I_sec = Σ p λ log2(λ/λ̄).", "bits/s")
        .Add("bits_per_spike", "Skaggs information I_spike = I_sec / λ̄.", "bits/spike")
        .Add("ssi_weight", "The cell's entry of the SSI eigenvector.")
        .Add("shuffle_z", "z of the cell's bits/spike against its circular-shift null.")
        .Add("shuffle_p", "p = (1 + shuffles ≥ observed)/(1 + shuffles); its smallest value 1/(shuffles + 1) is a bound (no shift reached the observed value).")
        .Add("bits_per_spike_shuffle_corrected", "Observed bits/spike minus the mean of the null: the plug-in estimate with its upward bias removed.", "bits/spike");

    /// <inheritdoc/>
    public void Dispose() { }
}
