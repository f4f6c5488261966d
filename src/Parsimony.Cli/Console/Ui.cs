using System.Text.Json.Nodes;
using Parsimony.Runs;
using Spectre.Console;

namespace Parsimony.Cli.Console;

/// <summary>
/// Where a command's human-readable output goes: standard output normally, standard error under <c>--json</c> (standard
/// output then carries only the JSON summary), nowhere under <c>--quiet</c>. On an interactive terminal outside CI:
/// progress bars and tables; otherwise plain lines, one per record, never wrapped.
/// </summary>
sealed class Ui
{
    readonly IAnsiConsole? human;
    readonly TextWriter? plain;
    readonly CliContext context;
    readonly bool json;

    public Ui(CliContext context, bool quiet, bool json)
    {
        this.context = context;
        this.json = json;
        bool terminal = json ? context.ErrIsTerminal : context.OutIsTerminal;
        Interactive = !quiet && terminal && Environment.GetEnvironmentVariable("CI") != "true";
        var writer = json ? context.Err : context.Out;
        if (Interactive) human = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        else if (!quiet) plain = writer;
    }

    /// <summary>Whether the result goes to standard output as JSON.</summary>
    public bool IsJson => json;

    /// <summary>Whether live progress bars are shown.</summary>
    public bool Interactive { get; }

    /// <summary>Writes a line of human-readable text.</summary>
    public void Line(string text)
    {
        if (human is not null) human.WriteLine(text);
        else plain?.WriteLine(text);
    }

    /// <summary>
    /// Writes the scalar entries of <paramref name="values"/> for humans, numbers to 4 significant figures (lists and
    /// records are in the JSON): a table on a terminal, else one "name  value" line each.
    /// </summary>
    public void Table(string title, JsonObject values)
    {
        var rows = values.Where(kv => kv.Value is JsonValue).Select(kv => (kv.Key, Value: Show((JsonValue)kv.Value!))).ToList();
        if (human is not null)
        {
            var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumn("metric").AddColumn("value");
            foreach (var (k, v) in rows) table.AddRow(Markup.Escape(k), Markup.Escape(v));
            human.Write(table);
        }
        else if (plain is not null)
        {
            int width = rows.Count == 0 ? 0 : rows.Max(r => r.Key.Length);
            plain.WriteLine(title);
            foreach (var (k, v) in rows) plain.WriteLine($"  {k.PadRight(width)}  {v}");
        }
    }

    static string Show(JsonValue value) =>
        value.TryGetValue<string>(out var text) ? text
        : value.TryGetValue<double>(out var d) ? Reports.NumberFormat.Significant(d)
        : value.ToJsonString(Json.Compact);

    /// <summary>The final result: JSON on standard output under --json, else a table.</summary>
    public void Result(string title, JsonObject summary)
    {
        if (json) context.Out.WriteLine(summary.ToJsonString(Json.Options));
        else Table(title, summary);
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar (interactive) or epoch log lines (otherwise).</summary>
    public T Track<T>(Func<IRunObserver, T> work)
    {
        if (plain is not null) return work(new LogObserver(this));
        if (human is null) return work(new SilentObserver());
        T result = default!;
        human.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => result = work(new ProgressObserver(ctx)));
        return result;
    }

    static string Format(IReadOnlyDictionary<string, double> metrics) =>
        string.Join("  ", metrics.Select(kv => $"{kv.Key} {Reports.NumberFormat.Significant(kv.Value)}"));

    sealed class ProgressObserver(ProgressContext context) : IRunObserver
    {
        ProgressTask? task;
        string name = "", lastEval = "";

        public void Started(string name, long totalSteps, long firstStep)
        {
            this.name = name;
            task = context.AddTask(Markup.Escape(name), maxValue: Math.Max(1, totalSteps));
            task.Value = firstStep;
        }

        public void Step(long step, IReadOnlyDictionary<string, double> metrics)
        {
            task!.Value = step;
            task.Description = Markup.Escape($"{name}  {Format(metrics)}  {lastEval}".TrimEnd());
        }

        public void Epoch(int epoch, int epochs, IReadOnlyDictionary<string, double> metrics) =>
            lastEval = $"| epoch {epoch + 1}/{epochs} {Format(metrics)}";

        public void Finished() => task?.StopTask();
    }

    sealed class LogObserver(Ui ui) : IRunObserver
    {
        public void Started(string name, long totalSteps, long firstStep) =>
            ui.Line(firstStep > 0 ? $"{name}: resuming at step {firstStep} of {totalSteps}" : $"{name}: {totalSteps} steps");

        public void Step(long step, IReadOnlyDictionary<string, double> metrics) { }

        public void Epoch(int epoch, int epochs, IReadOnlyDictionary<string, double> metrics) =>
            ui.Line($"epoch {epoch + 1}/{epochs}  {Format(metrics)}");

        public void Finished() { }
    }
}
