using System.CommandLine;
using System.Text.Json.Nodes;
using Parsimony.Geometry;
using Parsimony.Regularization;
using Parsimony.Reports;
using static TorchSharp.torch;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony regularizer</c>: builds one penalty matrix R (space → inhibitor → permute → invert) and prints its
/// statistics (max, mean, median, 10th percentile, share below ¼·max, diagonal), optionally drawing it as a heat map with
/// the neurons ordered along the manifold.
/// </summary>
static class RegularizerCommand
{
    public static Command Create()
    {
        var space = new Option<string>("--space") { Description = $"Space: {Spaces.Help}; or standard (R ≡ 1) or none (R ≡ 0).", DefaultValueFactory = _ => "torus" };
        var inhibitor = new Option<Inhibitor>("--inhibitor") { Description = "Inhibitor applied to distances.", DefaultValueFactory = _ => Inhibitor.Dog, HelpName = "square|dog|gauss|ripple|none|mean" };
        var invert = new Option<bool>("--invert") { Description = "R ← max(R) − R. On by default; --invert false turns it off.", DefaultValueFactory = _ => true };
        var permute = new Option<bool>("--permute") { Description = "Shuffle all N² entries." };
        var n = new Option<int>("--neurons", "-n") { Description = "Neurons N.", DefaultValueFactory = _ => 400 };
        var seed = new Option<int>("--seed") { Description = "Seed of the embedding and permutation.", DefaultValueFactory = _ => 1 };
        var legacy = new Option<bool>("--legacy-quirks") { Description = "Allow the reference's zero \"L1\" control (standard + invert)." };
        var heatmap = new Option<string?>("--heatmap") { Description = "Also draw R (ordered along the manifold) to this PNG file." };
        var command = new Command("regularizer", "Statistics (and optionally a heat map) of one moduli penalty matrix R.")
        {
            space, inhibitor, invert, permute, n, seed, legacy, heatmap,
        };
        CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var ui = new Console.Ui(parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Json));
            var spec = new RegularizerSpec(parse.GetValue(space)!, parse.GetValue(inhibitor), parse.GetValue(invert), parse.GetValue(permute), parse.GetValue(legacy));
            int neurons = parse.GetValue(n);
            if (neurons < 2) throw new ParsimonyException($"--neurons must be at least 2 (got {neurons}).");
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)parse.GetValue(seed), CPU);
            var r = PenaltyMatrix.Build(spec, neurons, generator, CPU, out var embedding);
            var stats = PenaltyStats.Of(r);
            var result = new JsonObject
            {
                ["space"] = spec.Space, ["inhibitor"] = spec.Inhibitor.ToString().ToLowerInvariant(), ["invert"] = spec.Invert,
                ["permute"] = spec.Permute, ["neurons"] = neurons, ["seed"] = parse.GetValue(seed),
                ["max"] = stats.Max, ["mean"] = stats.Mean, ["median"] = stats.Median, ["p10"] = stats.P10,
                ["share_below_quarter_max"] = stats.ShareBelowQuarterMax, ["diagonal_mean"] = stats.DiagonalMean,
            };
            if (parse.GetValue(heatmap) is { } png)
            {
                var order = embedding is not null ? spec.ParseSpace()!.Order(embedding) : Enumerable.Range(0, neurons).Select(i => (long)i).ToArray();
                Figures.OrderedMatrix(png, $"R: {spec.Space}, {result["inhibitor"]}{(spec.Permute ? ", permuted" : "")}{(spec.Invert ? ", inverted" : "")}", r, order);
                result["heatmap"] = Path.GetFullPath(png);
            }
            ui.Result("penalty matrix R", result);
            return 0;
        }));
        return command;
    }
}
