using Parsimony.Analysis.Graph;

namespace Parsimony.Experiments.Sernn;

/// <summary>The structural measures of one recurrent kernel (spec neuro_models.md §A.6), on |U| and its binarised undirected graph.</summary>
/// <param name="TotalWeight">Σ|U|.</param>
/// <param name="WeightDistanceR">Pearson r of |U_ij| and D_ij over nonzero off-diagonal entries.</param>
/// <param name="Edges">Undirected edges of the strongest-share graph (its union of directions).</param>
/// <param name="Modularity">Best Louvain Q of the graph.</param>
/// <param name="Modules">Communities of that partition.</param>
/// <param name="SmallWorld">σ against density-matched random graphs.</param>
/// <param name="Clustering">Mean clustering coefficient.</param>
/// <param name="PathLength">Characteristic path length.</param>
/// <param name="Efficiency">Global efficiency.</param>
public sealed record NetworkStructure(double TotalWeight, double WeightDistanceR, int Edges, double Modularity, int Modules,
                                      double SmallWorld, double Clustering, double PathLength, double Efficiency)
{
    /// <summary>The measures of <paramref name="u"/> on the grid of <paramref name="distances"/>; deterministic in <paramref name="seed"/>.</summary>
    public static NetworkStructure Of(double[,] u, double[,] distances, double density, int restarts, int nulls, int seed)
    {
        var graph = Thresholding.Undirected(u, density);
        var partition = Analysis.Graph.Modularity.Best(Analysis.Graph.Modularity.Weights(graph), restarts, seed);
        var sw = SmallWorldness.Of(graph, nulls, seed + 1);
        return new(WeightStatistics.TotalWeight(u), WeightStatistics.WeightDistanceCorrelation(u, distances), Thresholding.EdgeCount(graph),
            partition.Q, partition.Count, sw.Sigma, sw.Clustering, sw.PathLength, Paths.GlobalEfficiency(graph));
    }

    /// <summary>The measures as (snake_case name, value) pairs, for summaries and tables.</summary>
    public IEnumerable<(string Name, double Value)> Values() =>
    [
        ("total_weight", TotalWeight), ("weight_distance_r", WeightDistanceR), ("edges", Edges), ("modularity", Modularity),
        ("modules", Modules), ("small_world", SmallWorld), ("clustering", Clustering), ("path_length", PathLength), ("efficiency", Efficiency),
    ];
}
