using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Geometry;
using Parsimony.Regularization;
using Parsimony.Runs;
using static TorchSharp.torch;

namespace Parsimony.Experiments.Moduli;

/// <summary>
/// One moduli penalty matrix R and its statistics (<c>parsimony regularizer</c>): space → inhibitor → permute → invert,
/// as in spec moduli.md §1.3, optionally drawn with the neurons ordered along the manifold.
/// </summary>
public sealed record PenaltyMatrixConfig : RunConfig
{
    /// <summary>The space.</summary>
    [Description("Space: " + Spaces.Help + "; or standard (R ≡ 1) or none (R ≡ 0).")]
    public string Space { get; init; } = "torus";

    /// <summary>The inhibitor.</summary>
    [Description("Inhibitor applied to distances.")]
    public Inhibitor Inhibitor { get; init; } = Inhibitor.Dog;

    /// <summary>R ← max(R) − R.</summary>
    [Description("R ← max(R) − R. On by default; --invert false turns it off.")]
    public bool Invert { get; init; } = true;

    /// <summary>Shuffle all N² entries.</summary>
    [Description("Shuffle all N² entries.")]
    public bool Permute { get; init; }

    /// <summary>Neurons N.</summary>
    [Description("Neurons N."), Alias("-n")]
    public int Neurons { get; init; } = 400;

    /// <summary>Allow the reference's zero "L1" control.</summary>
    [Description("Allow the reference's zero \"L1\" control (standard + invert).")]
    public bool LegacyQuirks { get; init; }

    /// <summary>Where to draw R.</summary>
    [Description("Also draw R (ordered along the manifold) to this PNG file.")]
    public string? Heatmap { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        Spec();
        Rules.AtLeast(Neurons, 2, nameof(Neurons));
        if (Heatmap is { } png)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(png))!;
            Rules.Require(Directory.Exists(folder), nameof(Heatmap), $"is to be written in '{folder}', which does not exist.");
        }
    }

    /// <summary>The penalty's recipe.</summary>
    public RegularizerSpec Spec() => RegularizerSpec.Parse(Space, Inhibitor, Invert, Permute, LegacyQuirks);

    /// <summary>Builds R from the seed and returns its statistics and, when <see cref="Heatmap"/> is set, its figure in manifold order.</summary>
    public (JsonObject Statistics, FigureSpec? Figure) Compute()
    {
        Validate();
        var spec = Spec();
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)Seed, CPU);
        var r = PenaltyMatrix.Build(spec, Neurons, generator, CPU, out var embedding);
        var stats = PenaltyStats.Of(r);
        var result = new JsonObject
        {
            ["space"] = spec.Name, ["inhibitor"] = JsonSerializer.SerializeToNode(spec.Inhibitor, Json.Options), ["invert"] = spec.Invert,
            ["permute"] = spec.Permute, ["neurons"] = Neurons, ["seed"] = Seed,
            ["max"] = stats.Max, ["mean"] = stats.Mean, ["median"] = stats.Median, ["p10"] = stats.P10,
            ["share_below_quarter_max"] = stats.ShareBelowQuarterMax, ["diagonal_mean"] = stats.DiagonalMean,
        };
        if (Heatmap is null) return (result, null);
        var order = embedding is not null ? spec.Space!.Order(embedding) : Enumerable.Range(0, Neurons).Select(i => (long)i).ToArray();
        var figure = JobOutput.OrderedMatrixFigure("penalty", $"R: {spec.Name}, {(string)result["inhibitor"]!}{(spec.Permute ? ", permuted" : "")}{(spec.Invert ? ", inverted" : "")}", r, order,
            "The penalty matrix R with neurons ordered along the manifold (row = postsynaptic, column = presynaptic neuron).", "R");
        result["heatmap"] = Path.GetFullPath(Heatmap);
        return (result, figure.Spec);
    }
}
