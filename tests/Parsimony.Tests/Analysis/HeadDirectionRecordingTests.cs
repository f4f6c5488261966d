using Parsimony.Analysis;
using Parsimony.Information;
using Parsimony.Recordings;

namespace Parsimony.Tests.Analysis;

/// <summary>Recipe R2 of spec ssi.md §6.7 on the shipped mouse recording (19 ADn head-direction cells, 10 ms bins).</summary>
public class HeadDirectionRecordingTests
{
    internal static readonly string DataPath = Path.Combine(TestPaths.SharedData, "hd-mouse", "dataHD.mat");

    internal static readonly Lazy<Recording> Recording = new(() =>
        new RecordingSource([DataPath], null, "Qrun", null, "angRun:1", null, StimulusKind.Angle, SampleSeconds: 0.01).Load());

    static readonly Lazy<TuningCurves> Curves = new(() => TuningCurves.Compute(Recording.Value, new RateMapOptions(Bins: 60)));

    [Fact]
    public void TuningCurvesMatchRecipe()
    {
        var c = Curves.Value;
        Assert.Equal(19, c.Rates.Length);
        Assert.Equal(169_119, c.SpikeCounts.Sum());
        Assert.Equal(2120.78, c.TotalSeconds, 2);
        Assert.Equal(18.56, c.OccupancySeconds.Min(), 2);
        Assert.Equal(0.365, c.SpikeCounts[0] / c.TotalSeconds, 3);
    }

    [Fact]
    public void RecipeR2ReproducesTheSpecsNumbersAsOneOption()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "r2");
        var (code, _, err) = Cli.CliTests.Run("info", "--recipe", "r2", "--shuffles", "0", "--out", dir, "--quiet");
        Assert.True(code == 0, err);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal(44.62992, (double)summary["ssi_bits_per_spike"]!, tolerance: 5e-6);
        Assert.Equal(217.10606, (double)summary["ssi_bits_per_second"]!, tolerance: 5e-6);
        Assert.Equal(1.5783, (double)summary["eigenvalues"]![1]!, tolerance: 5e-5);
        Assert.Equal(169_119, (double)summary["spikes_used"]!);
        Assert.Equal(2120.78, (double)summary["total_seconds"]!, 2);
        var cells = summary["per_cell"]!.AsArray();
        Assert.Equal(0.365, (double)cells[0]!["mean_rate_hz"]!, 3);
        Assert.Equal(1.4512, (double)cells[0]!["bits_per_spike"]!, tolerance: 5e-5);
        Assert.Equal(2.5013, (double)cells[17]!["bits_per_spike"]!, tolerance: 5e-5);
        Assert.Equal(18.0818, (double)cells[7]!["bits_per_second"]!, tolerance: 5e-5);
        Assert.Equal("reference", (string?)summary["convention"]);
        Assert.Equal(60, (int)summary["recipe"]!["sets"]!["bins"]!);
        var report = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("recipe", report);
        Assert.Contains("r2", report);
    }

    [Fact]
    public void InformationMatchesReferenceNumbers()
    {
        var info = RecordingInformation.Compute(Curves.Value, uniformP: false, InfoConvention.Exact);
        Assert.Equal(1.4512, info.Matrix.Cells[0].BitsPerSpike, tolerance: 5e-5);
        Assert.Equal(2.5013, info.Matrix.Cells[17].BitsPerSpike, tolerance: 5e-5);
        Assert.Equal(18.0818, info.Matrix.Cells[7].BitsPerSecond, tolerance: 5e-5);
        Assert.Equal(0.9324, info.Matrix.Correlation[0, 1], tolerance: 5e-5);
        Assert.Equal(1.5783, Ssi.Spectrum(info.Matrix.BitsPerSpike)[1], tolerance: 5e-5);
        // The spec's λ₁ values were computed with the authors' eps conventions; the ε → 0 limit differs by < 1e-6 relative.
        var reference = RecordingInformation.Compute(Curves.Value, uniformP: false, InfoConvention.Reference);
        Assert.Equal(44.62992, reference.Ssi.Lambda1, tolerance: 5e-6);
        Assert.Equal(217.10606, reference.SsiBitsPerSecond, tolerance: 5e-6);
        Assert.Equal(47.48596, RecordingInformation.Compute(Curves.Value, uniformP: true, InfoConvention.Reference).Ssi.Lambda1, tolerance: 5e-6);
        Assert.Equal(reference.Ssi.Lambda1, info.Ssi.Lambda1, tolerance: 1e-6 * info.Ssi.Lambda1);
    }

    [Fact]
    public void ShuffleNullRejectsChanceForTheseTunedCellsAndIsSeeded()
    {
        var binned = new Population([Recording.Value], new RateMapOptions(Bins: 60));
        var info = RecordingInformation.Compute(binned.Curves(), false, InfoConvention.Exact);
        var a = ShuffleNull.Run(binned, info, 20, minShiftSeconds: 20, seed: 3);
        var b = ShuffleNull.Run(binned, info, 20, minShiftSeconds: 20, seed: 3);
        Assert.Equal(a.SsiNull, b.SsiNull);
        Assert.True(a.SsiZ > 50, $"SSI z = {a.SsiZ}");
        Assert.Equal(1.0 / 21, a.SsiP, 12);                  // no shuffle reaches the observed SSI
        Assert.All(a.SsiNull, v => Assert.True(v < info.Ssi.Lambda1 / 5));
        Assert.All(a.CellP, p => Assert.Equal(1.0 / 21, p, 12));
    }

    [Fact]
    public void CellSubsetKeepsTheChosenCellsInOrder()
    {
        var subset = Recording.Value.SelectCells([17, 0]);
        var curves = TuningCurves.Compute(subset, new RateMapOptions(Bins: 60));
        var info = RecordingInformation.Compute(curves, false, InfoConvention.Exact);
        Assert.Equal(2.5013, info.Matrix.Cells[0].BitsPerSpike, tolerance: 5e-5);
        Assert.Equal(1.4512, info.Matrix.Cells[1].BitsPerSpike, tolerance: 5e-5);
        Assert.Throws<OptionException>(() => Recording.Value.SelectCells([19]));
    }
}
