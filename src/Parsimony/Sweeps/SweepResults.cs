using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Parsimony.Reports;
using Parsimony.Runs;

namespace Parsimony.Sweeps;

/// <summary>
/// Aggregates the finished runs of a sweep: <c>results.csv</c> (one row per run), <c>results.md</c> (mean ± sd per
/// configuration over seeds), per metric logged at epoch ends a figure of that metric against sparsity with one line per
/// configuration (mean over seeds), and <c>report.html</c> with the table, the figures and the metrics' glossary.
/// </summary>
public static class SweepResults
{
    /// <summary>Writes the aggregate files into <paramref name="dir"/>; returns the per-configuration table as JSON.</summary>
    public static JsonArray Write(string dir, SweepPlan plan)
    {
        var finished = plan.Runs.Select(r => (Run: r, Folder: Path.Combine(dir, r.Name)))
            .Where(r => File.Exists(Path.Combine(r.Folder, "summary.json")))
            .Select(r => (r.Run, Folder: RunFolder.Open(r.Folder))).ToList();
        var summaries = finished.ToDictionary(r => r.Run.Name, r => r.Folder.ReadSummary());
        var metrics = summaries.Values.SelectMany(s => s.Where(kv => kv.Value is JsonValue v && v.TryGetValue<double>(out _)).Select(kv => kv.Key))
            .Where(k => k != "train_seconds_last_process").Distinct().ToList();
        var optionKeys = plan.Runs.SelectMany(r => r.Options.Keys).Distinct().ToList();

        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', CsvHeader(optionKeys, metrics).Select(Csv)));
        foreach (var (run, folder) in finished)
        {
            var summary = summaries[run.Name];
            csv.AppendLine(string.Join(',', new[] { run.Name, run.Configuration }
                .Concat(optionKeys.Select(k => run.Options.GetValueOrDefault(k, "")))
                .Concat(metrics.Select(m => Number(summary[m]))).Select(Csv)));
        }
        AtomicFile.WriteAllText(Path.Combine(dir, "results.csv"), csv.ToString());

        var table = new JsonArray();
        var rows = new List<string[]>();
        var md = new StringBuilder($"# Sweep results\n\n{finished.Count} of {plan.Runs.Count} runs finished. Mean ± sd over seeds.\n\n");
        md.AppendLine("| configuration | runs | " + string.Join(" | ", metrics) + " |");
        md.AppendLine("|---|---|" + string.Concat(metrics.Select(_ => "---|")));
        foreach (var group in finished.GroupBy(r => r.Run.Configuration))
        {
            var row = new JsonObject { ["configuration"] = group.Key, ["runs"] = group.Count() };
            var cells = new List<string>();
            foreach (var m in metrics)
            {
                var values = group.Select(r => summaries[r.Run.Name][m]).OfType<JsonValue>().Where(v => v.TryGetValue<double>(out _)).Select(v => (double)v).ToArray();
                var (mean, sd) = MeanSd(values);
                row[m] = mean;
                row[m + "_sd"] = sd;
                cells.Add(values.Length == 0 ? "" : values.Length == 1 ? F(mean) : $"{F(mean)} ± {F(sd)}");
            }
            table.Add(row);
            rows.Add([group.Key, group.Count().ToString(CultureInfo.InvariantCulture), .. cells]);
            md.AppendLine($"| {group.Key} | {group.Count()} | {string.Join(" | ", cells)} |");
        }
        AtomicFile.WriteAllText(Path.Combine(dir, "results.md"), md.ToString());
        var figures = Curves(finished.Select(f => (f.Run.Configuration, f.Folder)).ToList());
        foreach (var figure in figures) FigurePainter.Draw(figure.Spec, Path.Combine(dir, figure.Name + ".png"));
        var glossary = new Glossary();
        foreach (var (_, folder) in finished) glossary.Merge(folder.ReadGlossary());
        ReportBuilder.BuildSweep(dir, $"sweep {plan.Command} — {Path.GetFileName(Path.GetFullPath(dir))}",
            $"{finished.Count} of {plan.Runs.Count} runs finished; mean ± sd over seeds.", ["configuration", "runs", .. metrics], rows, figures, glossary);
        return table;
    }

    /// <summary>
    /// The results.csv columns: run, configuration, the options, the metrics; an option named like a metric (e.g. the
    /// <c>loss</c> option of <c>train ssi-place</c> and its <c>loss</c> result) is written as <c>option:NAME</c>.
    /// </summary>
    internal static IEnumerable<string> CsvHeader(IReadOnlyList<string> optionKeys, IReadOnlyList<string> metrics) =>
        new[] { "run", "configuration" }.Concat(optionKeys.Select(k => metrics.Contains(k) ? "option:" + k : k)).Concat(metrics);

    /// <summary>
    /// For every eval metric: metric vs sparsity, one line per configuration (epoch-wise means over seeds); vs epoch when
    /// no run was pruned (dense language-model or self-supervised sweeps), where sparsity would be a single point.
    /// </summary>
    static List<NamedFigure> Curves(List<(string Configuration, RunFolder Folder)> runs)
    {
        var figures = new List<NamedFigure>();
        var evals = runs.Select(r => (r.Configuration, Lines: r.Folder.ReadMetrics().Where(l => (string?)l["kind"] == "eval").ToList())).ToList();
        bool pruned = evals.Any(e => e.Lines.Any(l => Value(l["sparsity"]) > 0));
        var keys = evals.SelectMany(e => e.Lines.SelectMany(l => l.Select(kv => kv.Key)))
            .Where(k => k is not ("step" or "epoch" or "kind" or "sparsity" or "phase")).Distinct().ToList();
        foreach (var key in keys)
        {
            var series = evals.GroupBy(e => e.Configuration).Select(g =>
            {
                var byEpoch = g.SelectMany(e => e.Lines).Where(l => Value(l["phase"]) != (int)Sparsity.TrainingPhase.Lottery)
                    .GroupBy(l => (int)l["epoch"]!).OrderBy(e => e.Key).ToList();
                return new Series(g.Key,
                    byEpoch.Select(e => pruned ? e.Average(l => Value(l["sparsity"]) ?? 0) : e.Key + 1).ToArray(),
                    byEpoch.Select(e => e.Select(l => Value(l[key])).OfType<double>().DefaultIfEmpty(double.NaN).Average()).ToArray());
            }).ToList();
            var values = series.SelectMany(s => s.Y).Where(double.IsFinite).ToArray();
            bool logY = values.Length > 0 && values.Min() > 0 && values.Max() / values.Min() > 50;
            var against = pruned ? "sparsity" : "epoch";
            figures.Add(new NamedFigure($"{key}-vs-{against}", new LinesFigure($"{key} vs {against} (mean over seeds; lottery epochs left out)",
                pruned ? "global sparsity of the pruned group" : "epoch", key, series, logY)
            {
                Caption = $"{key} after each epoch, one line per configuration (the mean over its seeds), against " +
                          (pruned ? "the sparsity the epoch trained at: how the metric degrades as pruning proceeds." : "the epoch.") +
                          " Lines are told apart by colour and marker.",
            }));
        }
        return figures;
    }

    static double? Value(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    static (double Mean, double Sd) MeanSd(double[] values)
    {
        if (values.Length == 0) return (double.NaN, double.NaN);
        double mean = values.Average();
        double sd = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
        return (mean, sd);
    }

    static string Number(JsonNode? node) => Value(node) is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "";
    static string F(double v) => Math.Abs(v) >= 100 ? v.ToString("F1", CultureInfo.InvariantCulture) : v.ToString("G4", CultureInfo.InvariantCulture);
    static string Csv(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
