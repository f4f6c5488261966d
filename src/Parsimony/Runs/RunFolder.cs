using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parsimony.Runs;

/// <summary>
/// The folder one run writes — the contract every command, report, resume and sweep relies on (docs/runs.md):
/// <c>config.json</c>, <c>metrics.jsonl</c>, <c>checkpoints/</c>, <c>model.safetensors</c>, <c>figures/</c> (the data of
/// every figure as JSON and its PNG), <c>report.html</c>, and last of all <c>summary.json</c>, whose presence alone marks
/// the run finished.
/// </summary>
public sealed class RunFolder
{
    RunFolder(string root) => Root = Path.GetFullPath(root);

    /// <summary>The toolkit's version, written into every <c>config.json</c>.</summary>
    public static string Version { get; } =
        typeof(RunFolder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Absolute path of the folder.</summary>
    public string Root { get; }
    /// <summary>The command, version, device, creation time and every resolved option.</summary>
    public string ConfigPath => Path.Combine(Root, "config.json");
    /// <summary>One JSON object per logged step, epoch or simulation chunk.</summary>
    public string MetricsPath => Path.Combine(Root, "metrics.jsonl");
    /// <summary>Final metrics; written last, so its presence means the run finished.</summary>
    public string SummaryPath => Path.Combine(Root, "summary.json");
    /// <summary>Checkpoint folders <c>step-NNNNNNNN/</c>.</summary>
    public string CheckpointsDir => Path.Combine(Root, "checkpoints");
    /// <summary>Figure data (<c>NAME.json</c>) and the PNGs the report draws from them.</summary>
    public string FiguresDir => Path.Combine(Root, "figures");
    /// <summary>The offline HTML report.</summary>
    public string ReportPath => Path.Combine(Root, "report.html");
    /// <summary>Final trained weights in safetensors format.</summary>
    public string ModelPath => Path.Combine(Root, "model.safetensors");
    /// <summary>Whether <c>summary.json</c> exists.</summary>
    public bool IsFinished => File.Exists(SummaryPath);

    /// <summary>
    /// Creates a new run folder at <paramref name="outDir"/> (or <c>runs/&lt;name&gt;-&lt;UTC time&gt;</c> when null) and
    /// writes its <c>config.json</c>: <c>command</c>, <c>version</c>, <c>created_utc</c>, <c>device</c> (when the job has
    /// one) and <c>options</c> (every property of <paramref name="options"/>). Refuses a folder that already holds files,
    /// and one that cannot be written.
    /// </summary>
    public static RunFolder Create(string? outDir, string command, RunConfig options, string? device = null)
    {
        outDir ??= Path.Combine("runs", $"{command.Split(' ')[^1]}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        CheckNew(outDir);
        var run = new RunFolder(outDir);
        var config = new JsonObject { ["command"] = command, ["version"] = Version, ["created_utc"] = DateTime.UtcNow.ToString("O") };
        if (device is not null) config["device"] = device;
        config["options"] = JsonSerializer.SerializeToNode(options, options.GetType(), Json.Options);
        try
        {
            Directory.CreateDirectory(outDir);
            AtomicFile.WriteAllText(run.ConfigPath, config.ToJsonString(Json.Options));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParsimonyException($"Cannot write to the output folder '{outDir}': {e.Message} Choose a writable {{Out}} (or free space).", e);
        }
        return run;
    }

    /// <summary>
    /// Throws an <see cref="OptionException"/> (option <c>Out</c>) when <paramref name="outDir"/> cannot become a new run
    /// folder: it is a file, or a folder that already holds files.
    /// </summary>
    public static void CheckNew(string? outDir)
    {
        if (outDir is null) return;
        Rules.Require(!File.Exists(outDir), "Out", $"is '{outDir}', which is a file; a run folder must be a new or empty folder.");
        bool isRun = File.Exists(Path.Combine(outDir, "config.json"));
        Rules.Require(!Directory.Exists(outDir) || !Directory.EnumerateFileSystemEntries(outDir).Any(), "Out",
            $"is '{outDir}', which already exists and is not empty{(isRun ? " (it holds a run)" : "")}. Choose another folder" +
            (isRun ? $", or continue that run with {{Resume}} {outDir}." : "."));
    }

    /// <summary>Opens an existing run folder (for resume or report); it must contain <c>config.json</c>.</summary>
    public static RunFolder Open(string dir)
    {
        var run = new RunFolder(dir);
        if (!File.Exists(run.ConfigPath))
            throw new UsageException($"'{dir}' is not a Parsimony run folder: it has no config.json.");
        return run;
    }

    /// <summary>Reads <c>config.json</c>.</summary>
    public JsonObject ReadConfig() => ReadObject(ConfigPath);

    /// <summary>The command that made the run (<c>train navigation</c>, <c>info</c>, …).</summary>
    public string Command => (string?)ReadConfig()["command"] ?? "";

    /// <summary>The saved options (the <c>options</c> object of <c>config.json</c>).</summary>
    public JsonObject ReadOptions() => ReadConfig()["options"] as JsonObject
        ?? throw new ParsimonyException($"{ConfigPath} has no \"options\" object; it was not written by this version of Parsimony.");

    /// <summary>Appends one line to <c>metrics.jsonl</c> and flushes it.</summary>
    public void AppendMetrics(JsonObject line)
    {
        var text = line.ToJsonString(Json.Compact) + "\n";
        using var writer = new StreamWriter(MetricsPath, append: true);
        writer.Write(text[..(text.Length / 2)]);
        writer.Flush();
        FaultPoints.Reach("metrics-line");                                     // dies with half a line written
        writer.Write(text[(text.Length / 2)..]);
    }

    /// <summary>
    /// Removes what a killed process leaves behind: temporary files of atomic writes (<c>*.tmp-PID</c>) anywhere in the
    /// folder and unfinished checkpoint folders (<c>checkpoints/.tmp-*</c>). Call it holding the folder's lock.
    /// </summary>
    public void RemoveDebris()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*.tmp-*", SearchOption.AllDirectories).ToList()) File.Delete(file);
        if (Directory.Exists(CheckpointsDir))
            foreach (var dir in Directory.GetDirectories(CheckpointsDir, ".tmp-*")) Directory.Delete(dir, true);
    }

    /// <summary>The lock file held while a process writes the run.</summary>
    public string LockPath => Path.Combine(Root, ".lock");

    /// <summary>The file naming the pid of the process holding the lock (there while it is held).</summary>
    public string LockHolderPath => Path.Combine(Root, ".lock-pid");

    /// <summary>
    /// Takes the folder's lock for as long as the result is not disposed: one writer at a time. A second process (a
    /// re-run sweep, a resume typed twice) is refused with a message naming the one that holds it. The lock is an
    /// exclusive open of <c>.lock</c> (an advisory <c>flock</c> on Linux), which the system releases when the holder
    /// dies, however it dies; the holder's pid is written beside it in <c>.lock-pid</c>, since a locked file cannot be read.
    /// </summary>
    public IDisposable Lock()
    {
        FileStream stream;
        try
        {
            stream = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult is WouldBlock or SharingViolation)
        {
            throw new ParsimonyException($"The run in {Root} is being written by another process ({LockHolder()}); " +
                                         "wait for it to finish, or stop it, before running or resuming this run again.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParsimonyException($"Cannot take the lock of the run in {Root}: {e.Message}", e);
        }
        try
        {
            AtomicFile.WriteAllText(LockHolderPath, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new Held(stream, LockHolderPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw new ParsimonyException($"Cannot write the lock of the run in {Root}: {e.Message} Free space (or fix the folder's permissions) and start again.", e);
        }
    }

    /// <summary>Whether a live process holds the lock of the run folder at <paramref name="root"/> now.</summary>
    public static bool IsLocked(string root)
    {
        var path = Path.Combine(root, ".lock");
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException e) when (e.HResult is WouldBlock or SharingViolation) { return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    const int WouldBlock = 11;                                        // EWOULDBLOCK from flock (Linux)
    const int SharingViolation = unchecked((int)0x80070020);           // ERROR_SHARING_VIOLATION (Windows)

    string LockHolder()
    {
        try
        {
            var pid = File.ReadAllText(LockHolderPath).Trim();
            return pid.Length > 0 && pid.All(char.IsAsciiDigit) ? $"pid {pid}" : "pid unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "pid unknown"; }
    }

    sealed class Held(FileStream stream, string holderPath) : IDisposable
    {
        public void Dispose()
        {
            try { File.Delete(holderPath); } catch (IOException) { }
            stream.Dispose();
        }
    }

    /// <summary>Every complete line of <c>metrics.jsonl</c> (none when it does not exist; a torn last line is skipped).</summary>
    public IReadOnlyList<JsonObject> ReadMetrics() => File.Exists(MetricsPath)
        ? File.ReadLines(MetricsPath).Select(ParseLine).OfType<JsonObject>().ToList()
        : [];

    /// <summary>Keeps only the metric lines for which <paramref name="keep"/> holds (a resumed run logs the others again).</summary>
    public void FilterMetrics(Func<JsonObject, bool> keep)
    {
        if (!File.Exists(MetricsPath)) return;
        var kept = File.ReadLines(MetricsPath).Select(l => (Line: l, Json: ParseLine(l))).Where(l => l.Json is { } j && keep(j));
        AtomicFile.WriteAllText(MetricsPath, string.Concat(kept.Select(l => l.Line + "\n")));
    }

    /// <summary>Drops metric lines logged after <paramref name="step"/>.</summary>
    public void TruncateMetricsAfter(long step) => FilterMetrics(line => (long?)line["step"] <= step);

    static JsonObject? ParseLine(string line)
    {
        if (line.Length == 0) return null;
        try { return JsonNode.Parse(line) as JsonObject; }
        catch (JsonException) { return null; }   // a line cut short by a kill
    }

    /// <summary>Writes the data of figure <paramref name="figure"/> to <c>figures/NAME.json</c> atomically.</summary>
    public void WriteFigure(NamedFigure figure) =>
        AtomicFile.WriteAllText(Path.Combine(FiguresDir, figure.Name + ".json"), JsonSerializer.Serialize(figure.Spec, Json.Options));

    /// <summary>Every figure whose data is in <c>figures/</c>, by name in ordinal order.</summary>
    public IReadOnlyList<NamedFigure> ReadFigures() => Directory.Exists(FiguresDir)
        ? Directory.GetFiles(FiguresDir, "*.json").Order(StringComparer.Ordinal)
            .Select(f => new NamedFigure(Path.GetFileNameWithoutExtension(f), JsonSerializer.Deserialize<FigureSpec>(File.ReadAllText(f), Json.Options)!))
            .ToList()
        : [];

    /// <summary>The metrics' meanings and units.</summary>
    public string GlossaryPath => Path.Combine(Root, "glossary.json");

    /// <summary>Writes <c>glossary.json</c> atomically.</summary>
    public void WriteGlossary(Glossary glossary) => AtomicFile.WriteAllText(GlossaryPath, JsonSerializer.Serialize(glossary, Json.Options));

    /// <summary>Reads <c>glossary.json</c> (an empty glossary when there is none).</summary>
    public Glossary ReadGlossary() => File.Exists(GlossaryPath)
        ? JsonSerializer.Deserialize<Glossary>(File.ReadAllText(GlossaryPath), Json.Options) ?? new Glossary()
        : new Glossary();

    /// <summary>Writes <c>summary.json</c> atomically; call this last.</summary>
    public void WriteSummary(JsonObject summary) => AtomicFile.WriteAllText(SummaryPath, summary.ToJsonString(Json.Options));

    /// <summary>Reads <c>summary.json</c>.</summary>
    public JsonObject ReadSummary() => ReadObject(SummaryPath);

    static JsonObject ReadObject(string path)
    {
        try { return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new ParsimonyException($"{path} is not a JSON object."); }
        catch (JsonException e) { throw new ParsimonyException($"{path} is not readable JSON ({e.Message}).", e); }
    }
}
