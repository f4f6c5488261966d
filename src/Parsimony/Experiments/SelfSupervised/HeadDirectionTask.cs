using Parsimony.Analysis;
using Parsimony.Runs;
using Parsimony.Tasks.HeadDirection;
using Parsimony.Tasks.Navigation;
using static TorchSharp.torch;

namespace Parsimony.Experiments.SelfSupervised;

/// <summary>
/// Head-direction cells: path integration on the unit circle (<see cref="HeadingIntegration"/>) with a ring of DoG
/// head-direction cells coding the start heading as the cue; tuning curves over heading, resultant length and
/// unimodality, decoding of 8 sectors (naive Bayes) and 4 (linear).
/// </summary>
public sealed class HeadDirectionTask(SsiHeadDirectionConfig config, Device device) : IStimulusTask
{
    readonly RingCells cue = new(config.Readout, config.StartCueWidth, device);

    /// <inheritdoc/>
    public string Name => "ssi-hd";
    /// <inheritdoc/>
    public TrajectoryGenerator Trajectories { get; } = new(HeadingIntegration.WalkBox, config.SequenceLength);
    /// <inheritdoc/>
    public StimulusBinning Binning { get; } = StimulusBinning.Angle(config.MapBins);
    /// <inheritdoc/>
    public string ShapeMetric => "resultant_length";
    /// <inheritdoc/>
    public bool ReportsUnimodality => true;
    /// <inheritdoc/>
    public (int Bayes, int Linear) DecodingParts => (8, 4);

    /// <inheritdoc/>
    public (Tensor Input, Tensor Cue, Tensor Stimulus) Inputs(TrajectoryBatch batch)
    {
        var (input, heading) = HeadingIntegration.Of(batch);
        return (input, cue.Encode(heading[0]), heading);
    }

    /// <inheritdoc/>
    public double Shape(double[] map) => TuningShape.ResultantLength(map);

    /// <inheritdoc/>
    public NamedFigure MapsFigure(string name, string title, double[][] maps, double[] occupancy, double[] shapes)
    {
        var degrees = Enumerable.Range(0, occupancy.Length).Select(b => (b + 0.5) * 360.0 / occupancy.Length).ToArray();
        return new(name, new StackedFigure($"Readout tuning curves, {title}", "heading (degrees)", degrees, maps,
            shapes.Select((r, u) => $"unit {u}: R = {r:F2}").ToArray())
        {
            Unit = "a.u.",
            Caption = $"Mean activity of each readout unit against heading ({config.MapBins} bins) on the fixed evaluation trajectories, each curve scaled " +
                      "to its own peak (given in the label). Head-direction cells have one peak; R is the length of the mean resultant vector (1: one direction).",
        });
    }

    /// <inheritdoc/>
    public void Dispose() => cue.Dispose();
}
