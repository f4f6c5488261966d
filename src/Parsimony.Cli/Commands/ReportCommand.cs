using System.CommandLine;
using Parsimony.Reports;
using Parsimony.Runs;

namespace Parsimony.Cli.Commands;

/// <summary><c>parsimony report DIR</c>: rebuilds a run's HTML report and figures from its folder alone.</summary>
static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("run-folder") { Description = "A run folder (it contains config.json)." };
        var command = new Command("report", "Rebuild report.html and every figure of a run folder from its files.") { dir };
        var common = CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(context, () =>
        {
            var run = RunFolder.Open(parse.GetValue(dir)!);
            ReportBuilder.Build(run);
            common.Ui(context, parse)
                .Result("report", new System.Text.Json.Nodes.JsonObject { ["report"] = run.ReportPath });
            return 0;
        }));
        return command;
    }
}
