using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Recordings;
using Parsimony.Reports;

namespace Parsimony.Information;

/// <summary>Stimulus information of a recorded population: per-cell Skaggs information, the SI matrix and the SSI.</summary>
/// <param name="Curves">The tuning curves the measures were computed from.</param>
/// <param name="Matrix">The stimulus information matrix.</param>
/// <param name="Ssi">Its leading eigenvalue and eigenvector (per-spike matrix).</param>
/// <param name="SsiBitsPerSecond">Leading eigenvalue of the bits/s matrix.</param>
/// <param name="UniformP">Whether p was uniform over the kept bins rather than occupancy-weighted.</param>
/// <param name="Convention">The ε convention used.</param>
public sealed record RecordingInformation(TuningCurves Curves, StimulusInformationMatrix Matrix, SsiResult Ssi, double SsiBitsPerSecond,
                                          bool UniformP, InfoConvention Convention)
{
    /// <summary>Computes every measure of <paramref name="curves"/>.</summary>
    public static RecordingInformation Compute(TuningCurves curves, bool uniformP, InfoConvention convention)
    {
        var p = curves.Probabilities(uniformP);
        var matrix = StimulusInformationMatrix.Compute(curves.Rates, p, convention);
        return new RecordingInformation(curves, matrix, Information.Ssi.Compute(matrix), Information.Ssi.Compute(matrix.BitsPerSecond).Lambda1,
                                        uniformP, convention);
    }

    /// <summary>The machine-readable summary: per cell (mean rate, bits/s, bits/spike, shuffle z and p), the matrix, SSI, eigenvector.</summary>
    public JsonObject ToJson(IReadOnlyList<string> names, ShuffleNull? shuffles)
    {
        var corrected = shuffles?.CellCorrected(Matrix.Cells.Select(c => c.BitsPerSpike).ToArray());
        var cells = new JsonArray();
        for (int c = 0; c < Matrix.Count; c++)
        {
            var cell = new JsonObject
            {
                ["cell"] = c,
                ["name"] = names[c],
                ["spikes"] = Curves.SpikeCounts[c],
                ["mean_rate_hz"] = Curves.SpikeCounts[c] / Curves.TotalSeconds,
                ["bits_per_second"] = Matrix.Cells[c].BitsPerSecond,
                ["bits_per_spike"] = Matrix.Cells[c].BitsPerSpike,
                ["ssi_weight"] = Ssi.Weights[c],
            };
            if (shuffles is not null)
            {
                cell["shuffle_z"] = shuffles.CellZ[c];
                cell["shuffle_p"] = shuffles.CellP[c];
                cell["bits_per_spike_shuffle_corrected"] = corrected![c];
            }
            cells.Add(cell);
        }
        var json = new JsonObject
        {
            ["cells"] = Matrix.Count,
            ["stimulus"] = Curves.Binning.Kind.ToString().ToLowerInvariant(),
            ["bins"] = Curves.Binning.Count,
            ["bins_x"] = Curves.Binning.BinsX,
            ["bins_y"] = Curves.Binning.BinsY,
            ["bins_excluded"] = Curves.ExcludedBins,
            ["total_seconds"] = Curves.TotalSeconds,
            ["samples_kept"] = Curves.Samples.Kept,
            ["samples_dropped_nonfinite"] = Curves.Samples.NonFinite,
            ["samples_dropped_outside_extent"] = Curves.Samples.OutsideExtent,
            ["samples_dropped_speed"] = Curves.Samples.TooSlow,
            ["p"] = UniformP ? "uniform" : "occupancy",
            ["ssi_bits_per_spike"] = Ssi.Lambda1,
            ["ssi_bits_per_second"] = SsiBitsPerSecond,
            ["eigenvalues"] = Numbers(Information.Ssi.Spectrum(Matrix.BitsPerSpike)),
            ["eigenvector"] = Numbers(Ssi.Weights),
            ["per_cell"] = cells,
            ["matrix_bits_per_spike"] = new JsonArray(Enumerable.Range(0, Matrix.Count)
                .Select(a => (JsonNode?)Numbers(Enumerable.Range(0, Matrix.Count).Select(b => Matrix.BitsPerSpike[a, b]))).ToArray()),
        };
        if (shuffles is not null)
            json["shuffles"] = new JsonObject
            {
                ["count"] = shuffles.Shuffles, ["min_shift_seconds"] = shuffles.MinShiftSeconds,
                ["ssi_z"] = shuffles.SsiZ, ["ssi_p"] = shuffles.SsiP, ["ssi_null_mean"] = shuffles.SsiNull.Average(),
                ["ssi_null"] = Numbers(shuffles.SsiNull),
            };
        return json;
    }

    static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    /// <summary>
    /// Tuning curves (angles) or rate maps (positions) with their bits/spike, the SI matrix heat map, the eigenvector bar
    /// plot, and with shuffles the SSI null distribution and each cell's z.
    /// </summary>
    public void WriteFigures(string dir, IReadOnlyList<string> names, ShuffleNull? shuffles)
    {
        Directory.CreateDirectory(dir);
        var binning = Curves.Binning;
        if (binning.Kind == StimulusKind.Angle)
        {
            var degrees = Enumerable.Range(0, binning.Count).Select(b => binning.Centre(b).X * 180 / Math.PI).ToArray();
            Figures.Stacked(Path.Combine(dir, "tuning-curves.png"), "Tuning curves (Skaggs information; peak rate in Hz)", "stimulus (degrees)", degrees,
                Curves.Rates.Select(r => r.Select((v, b) => Curves.OccupancySeconds[b] > 0 ? v : double.NaN).ToArray()).ToList(),
                names.Select((n, c) => $"{n}: {Matrix.Cells[c].BitsPerSpike:F2} bits/spike").ToList());
        }
        else
        {
            Figures.Mosaic(Path.Combine(dir, "rate-maps.png"), "Rate maps, each scaled to its peak (bits/spike)", Curves.Rates,
                binning.BinsX, binning.BinsY, Curves.OccupancySeconds,
                names.Select((n, c) => $"{n}: {Matrix.Cells[c].BitsPerSpike:F2}").ToList());
        }
        Figures.Heatmap(Path.Combine(dir, "si-matrix.png"), $"Stimulus information matrix (bits/spike); SSI = {Ssi.Lambda1:F3}", Matrix.BitsPerSpike, "cell", "cell");
        Figures.Bars(Path.Combine(dir, "ssi-eigenvector.png"), "Leading eigenvector: each cell's weight in the population code", "weight", Ssi.Weights);
        if (shuffles is null) return;
        Figures.Histogram(Path.Combine(dir, "ssi-shuffle-null.png"), $"SSI against {shuffles.Shuffles} circular shifts (z = {shuffles.SsiZ:F1}, p = {shuffles.SsiP:G3})",
            "SSI (bits/spike)", shuffles.SsiNull, Ssi.Lambda1, "observed");
        Figures.Bars(Path.Combine(dir, "shuffle-z.png"), "Each cell's bits/spike as a z-score against the shuffle null", "z", shuffles.CellZ);
    }
}
