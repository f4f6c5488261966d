using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Runs;
using static TorchSharp.torch;

namespace Parsimony.Experiments;

/// <summary>Small conversions every experiment's summary and figures need.</summary>
public static class JobOutput
{
    /// <summary>A summary of named numbers as JSON, in the order given.</summary>
    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, double>> metrics)
    {
        var json = new JsonObject();
        foreach (var (k, v) in metrics) json[k] = v;
        return json;
    }

    /// <summary>The rows of a matrix, row 0 first (figure data is stored row by row).</summary>
    public static double[][] Rows(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();

    /// <summary>
    /// The heat map of the square matrix <paramref name="matrix"/> with neurons in <paramref name="order"/>,
    /// block-averaged to at most 256 cells a side so N = 4096 still draws.
    /// </summary>
    public static NamedFigure OrderedMatrixFigure(string name, string title, Tensor matrix, long[] order, string caption, string colorLabel = "|w|")
    {
        var (values, block) = OrderedMatrix.BlockAverage(matrix, order);
        return WeightsFigure(name, title, values, block, caption, colorLabel);
    }

    /// <summary>
    /// A weight matrix in manifold order as a heat map whose colours saturate at the 99th percentile of the off-diagonal
    /// entries, so a dominant diagonal (identity initialisation) does not hide the structure around it.
    /// </summary>
    public static NamedFigure WeightsFigure(string name, string title, double[][] values, long block, string caption, string colorLabel = "|w|")
    {
        var offDiagonal = values.SelectMany((row, i) => row.Where((_, j) => j != i)).Where(double.IsFinite).Order().ToArray();
        double? top = offDiagonal.Length > 0 && offDiagonal[^1] > 0 ? Math.Max(offDiagonal[(int)(0.99 * (offDiagonal.Length - 1))], 1e-12) : null;
        return new NamedFigure(name, new HeatmapFigure(title, values,
            block > 1 ? $"presynaptic neuron (blocks of {block}, manifold order)" : "presynaptic neuron (manifold order)",
            block > 1 ? $"postsynaptic neuron (blocks of {block}, manifold order)" : "postsynaptic neuron (manifold order)")
        {
            ColorLabel = colorLabel, ColorMax = top,
            Caption = caption + " Colours saturate at the 99th percentile of the off-diagonal entries.",
        });
    }

    /// <summary>The caption of a trained recurrent matrix in manifold order.</summary>
    public static string TrainedMatrixCaption(string space) =>
        $"The trained recurrent matrix (row = postsynaptic, column = presynaptic neuron), neurons in the order of their positions on the {space}. " +
        "After pruning most entries are exactly zero; what survives near the diagonal is the structure the penalty kept " +
        "(recurrent-weights-dense shows the matrix before pruning, when the run had a dense epoch).";

    /// <summary>Glossary entries every job shares.</summary>
    public static Glossary Common() => new Glossary()
        .Add("train_seconds_last_process", "Wall time of the training (or simulation) in the process that finished the run; a resumed run counts only its last part.", "s")
        .Add("notes", "Findings about the input or the run worth knowing, as sentences.");
}
