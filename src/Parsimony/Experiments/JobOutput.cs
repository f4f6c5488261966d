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
    public static NamedFigure OrderedMatrixFigure(string name, string title, Tensor matrix, long[] order)
    {
        var (values, block) = OrderedMatrix.BlockAverage(matrix, order);
        return new NamedFigure(name, new HeatmapFigure(title, values,
            block > 1 ? $"presynaptic neuron (blocks of {block}, manifold order)" : "presynaptic neuron (manifold order)",
            "postsynaptic neuron (manifold order)"));
    }
}
