using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Reports;

/// <summary>
/// Builds the offline HTML report of a run from its folder alone: configuration and summary tables, one curve per
/// logged metric (<c>figures/curve-*.png</c>), and every other PNG the task left in <c>figures/</c>.
/// </summary>
public static class ReportBuilder
{
    /// <summary>Writes <c>report.html</c> (and the metric curves) into <paramref name="run"/>.</summary>
    public static void Build(RunFolder run, JsonObject? summary = null)
    {
        summary ??= run.IsFinished ? run.ReadSummary() : new JsonObject();
        var config = run.ReadConfig();
        Directory.CreateDirectory(run.FiguresDir);
        var metrics = run.ReadMetrics().ToList();
        foreach (var kind in new[] { "train", "eval" })
        {
            var lines = metrics.Where(m => (string?)m["kind"] == kind).ToList();
            var keys = lines.SelectMany(l => l.Select(kv => kv.Key)).Distinct()
                .Where(k => k is not ("step" or "epoch" or "kind")).ToList();
            foreach (var key in keys)
            {
                var x = lines.Select(l => (double)(long)l["step"]!).ToArray();
                var y = lines.Select(l => l[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN).ToArray();
                bool logY = key.Contains("loss") && y.Where(double.IsFinite).DefaultIfEmpty(1).Min() > 0;
                Figures.Lines(Path.Combine(run.FiguresDir, $"curve-{kind}-{key}.png"), $"{key} ({kind})", "step", key,
                    [new Series(key, x, y)], logY);
            }
        }

        var html = new StringBuilder();
        var title = $"{(string?)config["command"] ?? "run"} — {Path.GetFileName(run.Root)}";
        html.Append($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{Enc(title)}</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin-bottom:1.5em}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}figure{display:inline-block;margin:6px}img{max-width:640px}")
            .Append("</style></head><body>")
            .Append($"<h1>{Enc(title)}</h1>");
        html.Append("<h2>Summary</h2>").Append(Table(summary));
        var figures = Directory.GetFiles(run.FiguresDir, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        html.Append("<h2>Figures</h2>");
        foreach (var f in figures.Where(f => !f!.StartsWith("curve-")).Concat(figures.Where(f => f!.StartsWith("curve-"))))
            html.Append($"<figure><img src=\"figures/{Enc(f!)}\" alt=\"{Enc(f!)}\"><figcaption>{Enc(f!)}</figcaption></figure>");
        html.Append("<h2>Configuration</h2>").Append(Table(config));
        html.Append("</body></html>");
        AtomicFile.WriteAllText(run.ReportPath, html.ToString());
    }

    static string Table(JsonObject obj)
    {
        var sb = new StringBuilder("<table>");
        foreach (var (k, v) in obj) sb.Append($"<tr><th>{Enc(k)}</th><td>{Enc(v?.ToJsonString() ?? "null")}</td></tr>");
        return sb.Append("</table>").ToString();
    }

    static string Enc(string s) => WebUtility.HtmlEncode(s.Trim('"'));
}
