using System.Text.Json.Nodes;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Experiments.DentateGyrus;

/// <summary>
/// <c>run dentate-optimize</c>: its usage errors, and a tiny search through the command line (model 1, one weight
/// seed) that reports its best candidate within the bounds against the published parameters' objective. The model-6
/// search over 5 seeds is a recorded experiment in docs/results/circuits.md.
/// </summary>
public class DentateOptimizeJobTests
{
    [Theory]
    [InlineData(new[] { "--model", "7" }, "--model names no model of the published family (got '7'")]
    [InlineData(new[] { "--population", "3" }, "--population must be at least 4 (got 3)")]
    [InlineData(new[] { "--generations", "-1" }, "--generations must be ≥ 0")]
    [InlineData(new[] { "--lower", "0" }, "--lower must be > 0")]
    [InlineData(new[] { "--upper", "0.005" }, "--upper must exceed --lower")]
    [InlineData(new[] { "--dt-ms", "0.3" }, "--dt-ms must divide 1 ms (got 0.3)")]
    public void BadOptionsAreUsageErrorsBeforeAnyFolderExists(string[] options, string message)
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, _, err) = CliTests.Run(["run", "dentate-optimize", .. options, "--out", dir, "--quiet"]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void ATinySearchReportsItsBestCandidateAgainstThePublishedParameters()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "run");
        var (code, output, err) = CliTests.Run("run", "dentate-optimize", "--model", "1", "--population", "4", "--generations", "2", "--instances", "1",
                                               "--lower", "0.02", "--upper", "0.5", "--out", dir, "--json");
        Assert.True(code == 0, err);
        var s = JsonNode.Parse(output)!;
        Assert.Equal(12, (int)s["candidates_evaluated"]!);
        Assert.Equal(2, (int)s["generations_run"]!);
        Assert.InRange((double)s["param_Input:GC"]!, 0.02, 0.5);
        Assert.Equal(0.06807313, (double)s["published_param_Input:GC"]!, 1e-12);
        double best = (double)s["best_objective"]!, published = (double)s["published_objective"]!;
        Assert.True(best > 0 && published > 0);
        Assert.Equal(best / published, (double)s["objective_ratio"]!, 1e-12);
        Assert.Equal((int)s["best_infeasible_instances"]! < (int)s["published_infeasible_instances"]! ||
                     (int)s["best_infeasible_instances"]! == (int)s["published_infeasible_instances"]! && best <= published, (bool)s["goal_met"]!);
        Assert.Null(s["kind"]);
    }
}
