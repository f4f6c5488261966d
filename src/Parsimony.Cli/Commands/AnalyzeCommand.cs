using System.CommandLine;
using Parsimony.Experiments.Sernn;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony analyze network RUN|SWEEP</c>: the structural analysis of a <c>train sernn</c> run over its epochs, or of
/// a population of them (a sweep folder) with the accuracy filter and the group comparison at matched total weight.
/// </summary>
static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("folder") { Description = "A finished 'train sernn' run folder, or a folder of them (a sweep)." };
        var defaults = new AnalysisOptions();
        var density = new Option<double>("--density") { Description = "Share of the strongest |U| entries kept for the graph.", DefaultValueFactory = _ => defaults.Density };
        var restarts = new Option<int>("--restarts") { Description = "Louvain restarts (the best Q is kept).", DefaultValueFactory = _ => defaults.Restarts };
        var nulls = new Option<int>("--null-graphs") { Description = "Random graphs of the same edge count for the small-worldness null.", DefaultValueFactory = _ => defaults.NullGraphs };
        var accuracy = new Option<double>("--min-accuracy") { Description = "Validation accuracy a network needs to enter the population comparison.", DefaultValueFactory = _ => defaults.MinAccuracy };
        var tolerance = new Option<double>("--weight-tolerance") { Description = "Largest relative difference of total weight in a matched pair.", DefaultValueFactory = _ => defaults.WeightTolerance };
        var network = new Command("network", "Modularity, small-worldness, weight–distance correlation and more of seRNN networks: per epoch for one run, or per network with " +
                                             "the accuracy filter, group tables, seRNN vs L1 at matched total weight (Welch's t, Cohen's d) and figures against λ for a sweep folder; written to FOLDER/analysis/.")
        {
            dir, density, restarts, nulls, accuracy, tolerance,
        };
        var common = CommonOptions.AddTo(network);
        network.SetAction(parse => Cli.Guard(context, () =>
        {
            var options = new AnalysisOptions(parse.GetValue(density), parse.GetValue(restarts), parse.GetValue(nulls), parse.GetValue(accuracy), parse.GetValue(tolerance));
            var result = NetworkAnalysis.Analyze(parse.GetValue(dir)!, options);
            result.Remove("epochs");
            common.Ui(context, parse).Result("analyze network", result);
            return 0;
        }));
        return new Command("analyze", "Analyses of finished runs.") { network };
    }
}
