using Parsimony.Analysis;
using Parsimony.Runs;
using Parsimony.Tasks.Navigation;
using static TorchSharp.torch;

namespace Parsimony.Experiments.SelfSupervised;

/// <summary>
/// What one self-supervised information experiment integrates and how its readout's tuning is judged: the network's
/// input and start cue for a trajectory batch, the stimulus to bin, a shape score per tuning curve or rate map, the
/// coarse stimulus classes decoding uses, and the figure of the maps. <see cref="SsiJob"/> does the rest.
/// </summary>
public interface IStimulusTask : IDisposable
{
    /// <summary>The command's experiment name (<c>ssi-place</c>, <c>ssi-hd</c>).</summary>
    string Name { get; }
    /// <summary>The random-walk agent whose trajectories are integrated.</summary>
    TrajectoryGenerator Trajectories { get; }
    /// <summary>How the stimulus is binned into tuning curves or rate maps.</summary>
    StimulusBinning Binning { get; }
    /// <summary>The metric name of <see cref="Shape"/> (<c>place_score</c>, <c>resultant_length</c>).</summary>
    string ShapeMetric { get; }
    /// <summary>Whether the summary reports the share of unimodal tuning curves.</summary>
    bool ReportsUnimodality { get; }
    /// <summary>Parts per stimulus axis of the naive-Bayes and of the linear decoding classes.</summary>
    (int Bayes, int Linear) DecodingParts { get; }

    /// <summary>Network input [T, B, 2], start cue [B, N] and the stimulus of every step (positions [T, B, 2] or headings [T, B]).</summary>
    (Tensor Input, Tensor Cue, Tensor Stimulus) Inputs(TrajectoryBatch batch);
    /// <summary>The shape score of one unit's map.</summary>
    double Shape(double[] map);
    /// <summary>The figure of the readout's maps, <paramref name="title"/> describing the network.</summary>
    NamedFigure MapsFigure(string name, string title, double[][] maps, double[] occupancy, double[] shapes);
}
