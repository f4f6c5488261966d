using Parsimony.Analysis;
using Parsimony.Runs;
using Parsimony.Tasks.Navigation;
using static TorchSharp.torch;

namespace Parsimony.Experiments.SelfSupervised;

/// <summary>
/// Place cells (spec ssi.md §3): displacement input in a square box, the DoG place-cell code of the start position as
/// the only positional cue; rate maps over the box, place score, decoding of 4 × 4 blocks (naive Bayes) and quadrants (linear).
/// </summary>
public sealed class PlaceCellTask(SsiPlaceConfig config, Device device) : IStimulusTask
{
    readonly PlaceCells cue = new(config.Readout, config.Box, config.StartCueWidth, seed: 0, device);

    /// <inheritdoc/>
    public string Name => "ssi-place";
    /// <inheritdoc/>
    public TrajectoryGenerator Trajectories { get; } = new(config.Box, config.SequenceLength);
    /// <inheritdoc/>
    public StimulusBinning Binning { get; } = StimulusBinning.Box(config.MapBins, config.Box);
    /// <inheritdoc/>
    public string ShapeMetric => "place_score";
    /// <inheritdoc/>
    public bool ReportsUnimodality => false;
    /// <inheritdoc/>
    public (int Bayes, int Linear) DecodingParts => (4, 2);

    /// <inheritdoc/>
    public (Tensor Input, Tensor Cue, Tensor Stimulus) Inputs(TrajectoryBatch batch) => (batch.Velocity, cue.Encode(batch.Start), batch.Position);

    /// <inheritdoc/>
    public double Shape(double[] map) => PlaceScore.Compute(map, config.MapBins, config.MapBins);

    /// <inheritdoc/>
    public NamedFigure MapsFigure(string name, string title, double[][] maps, double[] occupancy, double[] shapes) =>
        new(name, new RateMapsFigure($"Readout rate maps, {title}", maps, config.MapBins, config.MapBins, occupancy,
            shapes.Select((v, u) => $"unit {u}: place score {v:F1}").ToArray(), [-config.Box / 2, config.Box / 2, -config.Box / 2, config.Box / 2])
        {
            XLabel = "x (m)", YLabel = "y (m)", ColorLabel = "rate (a.u.)",
            Caption = $"Mean activity of each readout unit over the {config.Box} m box on the fixed evaluation trajectories ({config.MapBins} × {config.MapBins} bins; " +
                      "grey: never visited). Place cells show one compact field; the place score (higher = more place-like) is in each title.",
        });

    /// <inheritdoc/>
    public void Dispose() => cue.Dispose();
}
