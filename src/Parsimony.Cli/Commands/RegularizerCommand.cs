using System.CommandLine;
using Parsimony.Experiments.Moduli;
using Parsimony.Reports;

namespace Parsimony.Cli.Commands;

/// <summary>
/// <c>parsimony regularizer</c>: builds one penalty matrix R (space → inhibitor → permute → invert) and prints its
/// statistics (max, mean, median, 10th percentile, share below ¼·max, diagonal), optionally drawing it as a heat map with
/// the neurons ordered along the manifold.
/// </summary>
static class RegularizerCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("regularizer", "Statistics (and optionally a heat map) of one moduli penalty matrix R.");
        var config = new ConfigOptions(command, typeof(PenaltyMatrixConfig), new PenaltyMatrixConfig());
        var common = CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(context, () =>
        {
            var ui = common.Ui(context, parse);
            var resolved = (PenaltyMatrixConfig)config.Resolve(parse, null, out _);
            var (statistics, figure) = resolved.Compute();
            if (figure is not null) FigurePainter.Draw(figure, resolved.Heatmap!);
            ui.Result("penalty matrix R", statistics);
            return 0;
        }));
        return command;
    }
}
