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
    /// plot, and with shuffles the SSI null distribution and each cell's z.
    /// </summary>
    public IEnumerable<NamedFigure> Figures()
    {
        var curves = info.Curves;
        var binning = curves.Binning;
        var names = recording.CellNames;
        if (binning.Kind == StimulusKind.Angle)
        {
            var degrees = Enumerable.Range(0, binning.Count).Select(b => binning.Centre(b).X * 180 / Math.PI).ToArray();
            yield return new NamedFigure("tuning-curves", new StackedFigure("Tuning curves (Skaggs information; peak rate in Hz)", "stimulus (degrees)", degrees,
                curves.Rates.Select(r => r.Select((v, b) => curves.OccupancySeconds[b] > 0 ? v : double.NaN).ToArray()).ToArray(),
                names.Select((n, c) => $"{n}: {info.Matrix.Cells[c].BitsPerSpike:F2} bits/spike").ToArray()));
        }
        else
            yield return new NamedFigure("rate-maps", new MosaicFigure("Rate maps, each scaled to its peak (bits/spike)", curves.Rates,
                binning.BinsX, binning.BinsY, curves.OccupancySeconds, names.Select((n, c) => $"{n}: {info.Matrix.Cells[c].BitsPerSpike:F2}").ToArray()));
        yield return new NamedFigure("si-matrix", new HeatmapFigure($"Stimulus information matrix (bits/spike); SSI = {info.Ssi.Lambda1:F3}",
            JobOutput.Rows(info.Matrix.BitsPerSpike), "cell", "cell"));
        yield return new NamedFigure("ssi-eigenvector", new BarsFigure("Leading eigenvector: each cell's weight in the population code", "weight", info.Ssi.Weights));
        if (nulls is null) yield break;
        yield return new NamedFigure("ssi-shuffle-null", new HistogramFigure($"SSI against {nulls.Shuffles} circular shifts (z = {nulls.SsiZ:F1}, p = {nulls.SsiP:G3})",
            "SSI (bits/spike)", nulls.SsiNull, info.Ssi.Lambda1, "observed"));
        yield return new NamedFigure("shuffle-z", new BarsFigure("Each cell's bits/spike as a z-score against the shuffle null", "z", nulls.CellZ));
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
