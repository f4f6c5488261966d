using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Reports;

namespace Parsimony.Information;

/// <summary>Stimulus information of a recorded population: per-cell Skaggs information, the SI matrix and the SSI.</summary>
/// <param name="Curves">The tuning curves the measures were computed from.</param>
/// <param name="Matrix">The stimulus information matrix.</param>
/// <param name="Ssi">Its leading eigenvalue and eigenvector (per-spike matrix).</param>
/// <param name="SsiBitsPerSecond">Leading eigenvalue of the bits/s matrix.</param>
/// <param name="UniformP">Whether p was uniform over visited bins rather than occupancy-weighted.</param>
public sealed record RecordingInformation(TuningCurves Curves, StimulusInformationMatrix Matrix, SsiResult Ssi, double SsiBitsPerSecond, bool UniformP)
{
    /// <summary>Computes every measure of <paramref name="curves"/>.</summary>
    public static RecordingInformation Compute(TuningCurves curves, bool uniformP, InfoConvention convention)
    {
        var p = curves.Probabilities(uniformP);
        var matrix = StimulusInformationMatrix.Compute(curves.Rates, p, convention);
        return new RecordingInformation(curves, matrix, Information.Ssi.Compute(matrix), Information.Ssi.Compute(matrix.BitsPerSecond).Lambda1, uniformP);
    }

    /// <summary>The machine-readable summary (per cell, the matrix, SSI, eigenvector).</summary>
    public JsonObject ToJson()
    {
        var cells = new JsonArray();
        for (int c = 0; c < Matrix.Count; c++)
            cells.Add(new JsonObject
            {
                ["cell"] = c,
                ["spikes"] = Curves.SpikeCounts[c],
                ["mean_rate_hz"] = Curves.SpikeCounts[c] / Curves.TotalSeconds,
                ["bits_per_second"] = Matrix.Cells[c].BitsPerSecond,
                ["bits_per_spike"] = Matrix.Cells[c].BitsPerSpike,
                ["ssi_weight"] = Ssi.Weights[c],
            });
        return new JsonObject
        {
            ["cells"] = Matrix.Count,
            ["bins"] = Curves.OccupancySeconds.Length,
            ["total_seconds"] = Curves.TotalSeconds,
            ["dropped_samples"] = Curves.DroppedSamples,
            ["p"] = UniformP ? "uniform" : "occupancy",
            ["ssi_bits_per_spike"] = Ssi.Lambda1,
            ["ssi_bits_per_second"] = SsiBitsPerSecond,
            ["eigenvalues"] = new JsonArray(Ssi.Eigenvalues.Select(v => (JsonNode?)v).ToArray()),
            ["per_cell"] = cells,
            ["matrix_bits_per_spike"] = new JsonArray(Enumerable.Range(0, Matrix.Count)
                .Select(a => (JsonNode?)new JsonArray(Enumerable.Range(0, Matrix.Count).Select(b => (JsonNode?)Matrix.BitsPerSpike[a, b]).ToArray())).ToArray()),
        };
    }

    /// <summary>Tuning curves with their bits/spike, the SI matrix heat map and the eigenvector bar plot.</summary>
    public void WriteFigures(string dir)
    {
        Directory.CreateDirectory(dir);
        var degrees = Curves.BinCenters.Select(c => c * 180 / Math.PI).ToArray();
        Figures.Lines(Path.Combine(dir, "tuning-curves.png"), "Tuning curves (bits/spike in the legend)", "stimulus (degrees)", "rate (Hz)",
            Curves.Rates.Select((r, c) => new Series($"cell {c}: {Matrix.Cells[c].BitsPerSpike:F2}", degrees, r)));
        var m = new double[Matrix.Count, Matrix.Count];
        for (int a = 0; a < Matrix.Count; a++)
            for (int b = 0; b < Matrix.Count; b++) m[a, b] = Matrix.BitsPerSpike[a, b];
        Figures.Heatmap(Path.Combine(dir, "si-matrix.png"), $"Stimulus information matrix (bits/spike); SSI = {Ssi.Lambda1:F3}", m, "cell", "cell");
        Figures.Bars(Path.Combine(dir, "ssi-eigenvector.png"), "Leading eigenvector: each cell's weight in the population code", "weight", Ssi.Weights);
    }
}
