using System.Text.Json.Nodes;

namespace Parsimony.Runs;

/// <summary>
/// The folder one run writes (the contract every command, report and resume relies on): <c>config.json</c>,
/// <c>metrics.jsonl</c>, <c>checkpoints/</c>, <c>model.safetensors</c>, <c>figures/</c>, <c>report.html</c>, and last of
/// all <c>summary.json</c>, whose presence alone marks the run finished. See docs/runs.md.
/// </summary>
public sealed class RunFolder
{
    RunFolder(string root) => Root = Path.GetFullPath(root);

    /// <summary>Absolute path of the folder.</summary>
    public string Root { get; }
    /// <summary>Every resolved option, the seed, program version and device.</summary>
    public string ConfigPath => Path.Combine(Root, "config.json");
    /// <summary>One JSON object per logged step or epoch.</summary>
    public string MetricsPath => Path.Combine(Root, "metrics.jsonl");
    /// <summary>Final metrics; written last, so its presence means the run finished.</summary>
    public string SummaryPath => Path.Combine(Root, "summary.json");
    /// <summary>Checkpoint folders <c>step-NNNNNNNN/</c>.</summary>
    public string CheckpointsDir => Path.Combine(Root, "checkpoints");
    /// <summary>PNG figures shown by the report.</summary>
    public string FiguresDir => Path.Combine(Root, "figures");
    /// <summary>The offline HTML report.</summary>
    public string ReportPath => Path.Combine(Root, "report.html");
    /// <summary>Final trained weights in safetensors format.</summary>
    public string ModelPath => Path.Combine(Root, "model.safetensors");
    /// <summary>Whether <c>summary.json</c> exists.</summary>
    public bool IsFinished => File.Exists(SummaryPath);

    /// <summary>
    /// Creates a new, empty run folder at <paramref name="outDir"/>, or at <c>runs/&lt;command&gt;-&lt;UTC time&gt;</c> when null.
    /// Refuses a folder that already holds files, and one that cannot be written.
    /// </summary>
    public static RunFolder CreateNew(string? outDir, string command)
    {
        outDir ??= Path.Combine("runs", $"{command}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
            throw new ParsimonyException(
                $"The output folder '{outDir}' already exists and is not empty. Choose another --out, or continue that run with --resume {outDir}.");
        try
        {
            Directory.CreateDirectory(outDir);
            var probe = Path.Combine(outDir, ".write-probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParsimonyException($"Cannot write to the output folder '{outDir}': {e.Message} Choose a writable --out.", e);
        }
        return new RunFolder(outDir);
    }

    /// <summary>Opens an existing run folder (for resume or report); it must contain <c>config.json</c>.</summary>
    public static RunFolder Open(string dir)
    {
        var run = new RunFolder(dir);
        if (!File.Exists(run.ConfigPath))
            throw new ParsimonyException($"'{dir}' is not a Parsimony run folder: it has no config.json.");
        return run;
    }

    /// <summary>Writes <c>config.json</c> atomically.</summary>
    public void WriteConfig(JsonObject config) => AtomicFile.WriteAllText(ConfigPath, config.ToJsonString(Json.Options));

    /// <summary>Reads <c>config.json</c>.</summary>
    public JsonObject ReadConfig()
    {
        try { return JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject(); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ParsimonyException($"{ConfigPath} is not readable JSON ({e.Message}).", e);
        }
    }

    /// <summary>Appends one line to <c>metrics.jsonl</c> and flushes it.</summary>
    public void AppendMetrics(JsonObject line)
    {
        using var writer = new StreamWriter(MetricsPath, append: true);
        writer.WriteLine(line.ToJsonString(Json.Compact));
    }

    /// <summary>Every line of <c>metrics.jsonl</c> (none when it does not exist).</summary>
    public IEnumerable<JsonObject> ReadMetrics() => File.Exists(MetricsPath)
        ? File.ReadLines(MetricsPath).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList()
        : [];

    /// <summary>Drops metric lines logged after <paramref name="step"/> (a resumed run logs them again).</summary>
    public void TruncateMetricsAfter(long step)
    {
        if (!File.Exists(MetricsPath)) return;
        var kept = File.ReadLines(MetricsPath).Where(l => l.Length > 0 && (long)JsonNode.Parse(l)!["step"]! <= step);
        AtomicFile.WriteAllText(MetricsPath, string.Concat(kept.Select(l => l + "\n")));
    }

    /// <summary>Writes <c>summary.json</c> atomically; call this last.</summary>
    public void WriteSummary(JsonObject summary) => AtomicFile.WriteAllText(SummaryPath, summary.ToJsonString(Json.Options));

    /// <summary>Reads <c>summary.json</c>.</summary>
    public JsonObject ReadSummary() => JsonNode.Parse(File.ReadAllText(SummaryPath))!.AsObject();
}
