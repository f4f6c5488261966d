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
        new(name, new MosaicFigure($"Readout rate maps, {title}", maps, config.MapBins, config.MapBins, occupancy,
            shapes.Select((v, u) => $"{u}: {v:F1}").ToArray()));

    /// <inheritdoc/>
    public void Dispose() => cue.Dispose();
}
