using Parsimony.Analysis;
using Parsimony.Recordings.Formats;
using Parsimony.Information;

namespace Parsimony.Tests.Information;

/// <summary>Recipe R2 of spec ssi.md §6.7 on the shipped mouse recording (19 ADn head-direction cells, 10 ms bins).</summary>
public class HeadDirectionRecordingTests
{
    static readonly Lazy<TuningCurves> Curves = new(() =>
    {
        var path = Path.Combine(TestPaths.SharedData, "hd-mouse", "dataHD.mat");
        var vars = MatFile.Read(path);
        var q = MatFile.Get(vars, "Qrun", path);
        var angle = MatFile.Get(vars, "angRun", path).Column(1);
        return TuningCurves.FromAngles((t, c) => q[t, c], q.Rows, q.Columns, angle, 0.01, 60);
    });

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
    public void InformationMatchesReferenceNumbers()
    {
        var info = RecordingInformation.Compute(Curves.Value, uniformP: false, InfoConvention.Exact);
        Assert.Equal(1.4512, info.Matrix.Cells[0].BitsPerSpike, tolerance: 5e-5);
        Assert.Equal(2.5013, info.Matrix.Cells[17].BitsPerSpike, tolerance: 5e-5);
        Assert.Equal(18.0818, info.Matrix.Cells[7].BitsPerSecond, tolerance: 5e-5);
        Assert.Equal(0.9324, info.Matrix.Correlation[0, 1], tolerance: 5e-5);
        Assert.Equal(1.5783, info.Ssi.Eigenvalues[1], tolerance: 5e-5);
        // The spec's λ₁ values were computed with the authors' eps conventions; the ε → 0 limit differs by < 1e-6 relative.
        var reference = RecordingInformation.Compute(Curves.Value, uniformP: false, InfoConvention.Reference);
        Assert.Equal(44.62992, reference.Ssi.Lambda1, tolerance: 5e-6);
        Assert.Equal(217.10606, reference.SsiBitsPerSecond, tolerance: 5e-6);
        Assert.Equal(47.48596, RecordingInformation.Compute(Curves.Value, uniformP: true, InfoConvention.Reference).Ssi.Lambda1, tolerance: 5e-6);
        Assert.Equal(reference.Ssi.Lambda1, info.Ssi.Lambda1, tolerance: 1e-6 * info.Ssi.Lambda1);
    }
}
