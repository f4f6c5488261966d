using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Reports;

/// <summary>
/// Builds the offline HTML report of a run from its folder alone — the same report for the job that just finished and
/// for <c>parsimony report DIR</c> later: the summary (scalars as a table, lists of records such as per-cell results as
/// tables of their own), every figure whose data is in <c>figures/*.json</c> (drawn to the PNG beside it), one curve per
/// metric logged in <c>metrics.jsonl</c> (<c>figures/curve-*.png</c>), and the configuration.
/// </summary>
public static class ReportBuilder
{
    /// <summary>
    /// Draws every figure of <paramref name="run"/> and writes <c>report.html</c>. <paramref name="summary"/> is the summary
    /// about to be written (a finishing job writes <c>summary.json</c> last); without it <c>summary.json</c> is read.
    /// </summary>
    public static void Build(RunFolder run, JsonObject? summary = null)
    {
        summary ??= run.IsFinished ? run.ReadSummary() : new JsonObject();
        var config = run.ReadConfig();
        Directory.CreateDirectory(run.FiguresDir);
        foreach (var figure in run.ReadFigures()) FigurePainter.Draw(figure.Spec, Path.Combine(run.FiguresDir, figure.Name + ".png"));
        DrawCurves(run);

        var html = new StringBuilder();
        var title = $"{(string?)config["command"] ?? "run"} — {Path.GetFileName(run.Root)}";
        html.Append($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{Enc(title)}</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin-bottom:1.5em}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}figure{display:inline-block;margin:6px}img{max-width:640px}")
            .Append("</style></head><body>")
            .Append($"<h1>{Enc(title)}</h1>");
        html.Append("<h2>Summary</h2>").Append(Scalars(summary));
        foreach (var (key, value) in summary)
            if (value is JsonArray rows && rows.Count > 0 && rows.All(r => r is JsonObject))
                html.Append($"<h3>{Enc(key)}</h3>").Append(Records(rows));
        var figures = Directory.GetFiles(run.FiguresDir, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        html.Append("<h2>Figures</h2>");
        foreach (var f in figures.Where(f => !f!.StartsWith("curve-")).Concat(figures.Where(f => f!.StartsWith("curve-"))))
            html.Append($"<figure><img src=\"figures/{Enc(f!)}\" alt=\"{Enc(f!)}\"><figcaption>{Enc(f!)}</figcaption></figure>");
        html.Append("<h2>Configuration</h2>").Append(Scalars(config));
        html.Append("</body></html>");
        AtomicFile.WriteAllText(run.ReportPath, html.ToString());
    }

    /// <summary>One curve per metric of the train and eval lines of <c>metrics.jsonl</c>, against the step.</summary>
    static void DrawCurves(RunFolder run)
    {
        var metrics = run.ReadMetrics();
        foreach (var kind in new[] { "train", "eval" })
        {
            var lines = metrics.Where(m => (string?)m["kind"] == kind).ToList();
            var keys = lines.SelectMany(l => l.Select(kv => kv.Key)).Distinct().Where(k => k is not ("step" or "epoch" or "kind")).ToList();
            foreach (var key in keys)
            {
                var x = lines.Select(l => (double)(long)l["step"]!).ToArray();
                var y = lines.Select(l => l[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN).ToArray();
                bool logY = key.Contains("loss") && y.Where(double.IsFinite).DefaultIfEmpty(1).Min() > 0;
                FigurePainter.Draw(new LinesFigure($"{key} ({kind})", "step", key, [new Series(key, x, y)], logY),
                    Path.Combine(run.FiguresDir, $"curve-{kind}-{key}.png"));
            }
        }
    }

    /// <summary>The entries of <paramref name="obj"/> that are not lists of records, one row each (long lists abridged).</summary>
    static string Scalars(JsonObject obj)
    {
        var sb = new StringBuilder("<table>");
        foreach (var (k, v) in obj)
        {
            if (v is JsonArray rows && rows.Count > 0 && rows.All(r => r is JsonObject)) continue;
            sb.Append($"<tr><th>{Enc(k)}</th><td>{Enc(Cell(v))}</td></tr>");
        }
        return sb.Append("</table>").ToString();
    }

    /// <summary>A list of records as a table: one column per key of any record, one row per record.</summary>
    static string Records(JsonArray rows)
    {
        var keys = rows.OfType<JsonObject>().SelectMany(r => r.Select(kv => kv.Key)).Distinct().ToList();
        var sb = new StringBuilder("<table><tr>");
        foreach (var k in keys) sb.Append($"<th>{Enc(k)}</th>");
        sb.Append("</tr>");
        foreach (var row in rows.OfType<JsonObject>())
        {
            sb.Append("<tr>");
            foreach (var k in keys) sb.Append($"<td>{Enc(Cell(row[k]))}</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    static string Cell(JsonNode? value)
    {
        if (value is JsonArray array && array.Count > 12) return $"{array.Count} values (in the JSON file)";
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 2 && text[0] == '"' ? text[1..^1] : text;
    }

    static string Enc(string s) => WebUtility.HtmlEncode(s);
}
