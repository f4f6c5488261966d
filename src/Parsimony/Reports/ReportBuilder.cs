using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Parsimony.Runs;

namespace Parsimony.Reports;

/// <summary>
/// Builds the offline HTML report of a run from its folder alone — the same report for the job that just finished and
/// for <c>parsimony report DIR</c> later: the summary (every metric with its value to 4 significant figures, unit and
/// meaning from <c>glossary.json</c>; lists of records such as per-cell results as tables of their own), every figure
/// whose data is in <c>figures/*.json</c> with its caption, one curve per metric logged in <c>metrics.jsonl</c> (phase
/// boundaries marked), and the configuration as a table.
/// </summary>
public static class ReportBuilder
{
    /// <summary>
    /// Draws every figure of <paramref name="run"/> and writes <c>report.html</c>. <paramref name="summary"/> is the summary
    /// about to be written (a finishing job writes <c>summary.json</c> last); without it <c>summary.json</c> is read.
    /// </summary>
    public static void Build(RunFolder run, JsonObject? summary = null)
    {
        // Through its JSON text, so the report is the one its summary.json gives (numbers of any type read alike).
        summary = summary is not null ? JsonNode.Parse(summary.ToJsonString(Json.Options))!.AsObject()
                : run.IsFinished ? run.ReadSummary() : new JsonObject();
        var config = run.ReadConfig();
        var glossary = run.ReadGlossary();
        Directory.CreateDirectory(run.FiguresDir);
        var figures = run.ReadFigures().Concat(Curves(run, glossary)).ToList();
        foreach (var figure in figures) FigurePainter.Draw(figure.Spec, Path.Combine(run.FiguresDir, figure.Name + ".png"));

        var html = new StringBuilder();
        Head(html, $"{(string?)config["command"] ?? "run"} — {Path.GetFileName(run.Root)}");
        html.Append("<h2>Summary</h2>").Append(SummaryTable(summary, glossary));
        foreach (var (key, value) in summary)
            if (value is JsonArray rows && IsRecords(rows))
                html.Append($"<h3>{Enc(key)}</h3><div class=\"scroll\">").Append(Records(rows, glossary)).Append("</div>");
        html.Append("<h2>Figures</h2>");
        foreach (var figure in figures.Where(f => !f.Name.StartsWith("curve-")).Concat(figures.Where(f => f.Name.StartsWith("curve-"))))
            Figure(html, figure, $"figures/{figure.Name}.png");
        html.Append("<h2>Configuration</h2>").Append(Configuration(config));
        html.Append("</body></html>");
        AtomicFile.WriteAllText(run.ReportPath, html.ToString());
    }

    /// <summary>
    /// Writes <c>report.html</c> of a sweep into <paramref name="dir"/>: <paramref name="note"/>, the results table
    /// (<paramref name="columns"/> × <paramref name="rows"/>), the glossary of its metrics, and the figures (already drawn
    /// to <c>NAME.png</c> beside it) with their captions.
    /// </summary>
    public static void BuildSweep(string dir, string title, string note, IReadOnlyList<string> columns, IReadOnlyList<string[]> rows,
                                  IReadOnlyList<NamedFigure> figures, Glossary glossary)
    {
        glossary = new Glossary().Merge(glossary)
            .Add("configuration", "The variant and grid values of the sweep file, without the seed: the runs averaged in one row.")
            .Add("runs", "Finished runs of the configuration (one per seed).");
        var html = new StringBuilder();
        Head(html, title);
        html.Append($"<p>{Enc(note)}</p><h2>Results</h2><div class=\"scroll\"><table class=\"records\"><tr>");
        foreach (var c in columns) html.Append($"<th title=\"{Enc(glossary.Describe(c)?.Meaning ?? "")}\">{Enc(c)}</th>");
        html.Append("</tr>");
        foreach (var row in rows) html.Append("<tr>").Append(string.Concat(row.Select(v => $"<td>{Enc(v)}</td>"))).Append("</tr>");
        html.Append("</table></div><h2>Metrics</h2><table class=\"summary\"><tr><th>metric</th><th>value</th><th>unit</th><th>meaning</th></tr>");
        foreach (var metric in columns.Skip(2))
        {
            var term = glossary.Describe(metric);
            html.Append($"<tr><th>{Enc(metric)}</th><td>see the results</td><td>{Enc(term?.Unit ?? "")}</td><td class=\"meaning\">{Enc(term?.Meaning ?? "")}</td></tr>");
        }
        html.Append("</table><h2>Figures</h2>");
        foreach (var figure in figures) Figure(html, figure, figure.Name + ".png");
        html.Append("</body></html>");
        AtomicFile.WriteAllText(Path.Combine(dir, "report.html"), html.ToString());
    }

    static void Head(StringBuilder html, string title) =>
        html.Append($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Enc(title)}</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;line-height:1.4}")
            .Append("table{border-collapse:collapse;margin-bottom:1.5em;max-width:100%}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}")
            .Append("td.number{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.scroll{overflow-x:auto;max-width:100%}")
            .Append("table.summary th,table.configuration th{white-space:nowrap;overflow-wrap:normal}table.summary td.meaning{min-width:24em}")
            .Append("figure{margin:1.5em 0;max-width:100%}img{max-width:100%;height:auto;display:block}figcaption{color:#333;max-width:900px}")
            .Append("</style></head><body>")
            .Append($"<h1>{Enc(title)}</h1>");

    static void Figure(StringBuilder html, NamedFigure figure, string src) =>
        html.Append($"<figure id=\"{Enc(figure.Name)}\"><img src=\"{Enc(src)}\" alt=\"{Enc(figure.Spec.Title)}\">")
            .Append($"<figcaption><b>{Enc(figure.Name)}</b> — {Enc(figure.Spec.Caption)}</figcaption></figure>");

    /// <summary>
    /// One curve per metric of the train and eval lines of <c>metrics.jsonl</c> against the step, with the epochs where
    /// the training phase changes marked (the phase itself is not drawn as a curve).
    /// </summary>
    static IEnumerable<NamedFigure> Curves(RunFolder run, Glossary glossary)
    {
        var metrics = run.ReadMetrics();
        var evals = metrics.Where(m => (string?)m["kind"] == "eval").ToList();
        var marks = new List<Mark>();
        for (int i = 1; i < evals.Count; i++)
            if (Number(evals[i]["phase"]) is { } phase && phase != Number(evals[i - 1]["phase"]))
                marks.Add(new Mark((double)(long)evals[i - 1]["step"]!, PhaseName((int)phase)));
        foreach (var kind in new[] { "train", "eval" })
        {
            var lines = metrics.Where(m => (string?)m["kind"] == kind).ToList();
            var keys = lines.SelectMany(l => l.Select(kv => kv.Key)).Distinct().Where(k => k is not ("step" or "epoch" or "kind" or "phase")).ToList();
            foreach (var key in keys)
            {
                var x = lines.Select(l => (double)(long)l["step"]!).ToArray();
                var y = lines.Select(l => Number(l[key]) ?? double.NaN).ToArray();
                var finite = y.Where(double.IsFinite).ToArray();
                bool logY = finite.Length > 0 && finite.Min() > 0 && finite.Max() / finite.Min() >= 10;   // only a wide positive range
                var meaning = glossary.Describe(key);
                string when = kind == "train" ? "at logged training steps" : "after each epoch's evaluation";
                yield return new NamedFigure($"curve-{kind}-{key}", new LinesFigure($"{key} ({kind})", "training step", UnitLabel(key, meaning),
                    [new Series(key, x, y)], logY)
                {
                    Marks = marks,
                    Caption = $"{key} {when}, against the training step{(marks.Count > 0 ? "; dotted lines mark where a training phase starts" : "")}. " +
                              (meaning?.Meaning ?? ""),
                });
            }
        }
    }

    static string PhaseName(int phase) => phase switch { 0 => "pruning", 1 => "stabilizer", 2 => "extension", 3 => "lottery", 4 => "dense", _ => $"phase {phase}" };

    static string UnitLabel(string key, Term? term) => term is { Unit.Length: > 0 } ? $"{key} ({term.Unit})" : key;

    static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    static bool IsRecords(JsonArray rows) => rows.Count > 0 && rows.All(r => r is JsonObject);

    /// <summary>Every metric that is not a list of records: value, unit and meaning.</summary>
    static string SummaryTable(JsonObject summary, Glossary glossary)
    {
        var sb = new StringBuilder("<table class=\"summary\"><tr><th>metric</th><th>value</th><th>unit</th><th>meaning</th></tr>");
        foreach (var (k, v) in summary)
        {
            if (v is JsonArray rows && IsRecords(rows)) continue;
            var term = glossary.Describe(k);
            sb.Append($"<tr><th>{Enc(k)}</th>{ValueCell(v)}<td>{Enc(term?.Unit ?? "")}</td><td class=\"meaning\">{Enc(term?.Meaning ?? "")}</td></tr>");
        }
        return sb.Append("</table>").ToString();
    }

    /// <summary>A list of records as a table: one column per key (its meaning as a tooltip), one row per record.</summary>
    static string Records(JsonArray rows, Glossary glossary)
    {
        var keys = rows.OfType<JsonObject>().SelectMany(r => r.Select(kv => kv.Key)).Distinct().ToList();
        var sb = new StringBuilder("<table class=\"records\"><tr>");
        foreach (var k in keys) sb.Append($"<th title=\"{Enc(glossary.Describe(k)?.Meaning ?? "")}\">{Enc(k)}</th>");
        sb.Append("</tr>");
        foreach (var row in rows.OfType<JsonObject>())
        {
            sb.Append("<tr>");
            foreach (var k in keys) sb.Append(ValueCell(row[k]));
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    /// <summary>The command, version, time and device, then one row per option.</summary>
    static string Configuration(JsonObject config)
    {
        var sb = new StringBuilder("<table class=\"configuration\"><tr><th>setting</th><th>value</th></tr>");
        foreach (var (k, v) in config)
        {
            if (k == "options" && v is JsonObject options)
                foreach (var (option, value) in options) sb.Append($"<tr><th>{Enc(option)}</th>{ValueCell(value)}</tr>");
            else sb.Append($"<tr><th>{Enc(k)}</th>{ValueCell(v)}</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    static string ValueCell(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<double>(out var d) && !v.TryGetValue<string>(out _))
            return $"<td class=\"number\">{Enc(NumberFormat.Significant(d))}</td>";
        if (value is JsonArray array && array.Count > 12) return $"<td>{array.Count} values (in the JSON file)</td>";
        if (value is JsonArray list) return $"<td>{Enc(string.Join(", ", list.Select(Text)))}</td>";
        return $"<td>{Enc(Text(value))}</td>";
    }

    static string Text(JsonNode? value) => value switch
    {
        null => "none",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => NumberFormat.Significant(d),
        JsonArray a when a.Count > 12 => $"{a.Count} values",
        JsonArray a => string.Join(", ", a.Select(Text)),
        JsonObject o => string.Join("; ", o.Select(kv => $"{kv.Key} {Text(kv.Value)}")),
        _ => value.ToJsonString(),
    };

    static string Enc(string s) => WebUtility.HtmlEncode(s);
}
