using System.Text.Json.Nodes;
using Parsimony.Runs;
using Spectre.Console;

namespace Parsimony.Cli.Console;

/// <summary>
/// Where a command's human-readable output goes: standard output normally, standard error under <c>--json</c> (standard
/// output then carries only the JSON summary), nowhere under <c>--quiet</c>. Progress bars appear only on an interactive
/// terminal outside CI.
/// </summary>
sealed class Ui
{
    readonly IAnsiConsole? human;
    readonly CliContext context;
    readonly bool json;

    public Ui(CliContext context, bool quiet, bool json)
    {
        this.context = context;
        this.json = json;
        if (!quiet)
            human = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(json ? context.Err : context.Out) });
        bool terminal = json ? context.ErrIsTerminal : context.OutIsTerminal;
        Interactive = human is not null && terminal && Environment.GetEnvironmentVariable("CI") != "true";
    }

    /// <summary>Whether the result goes to standard output as JSON.</summary>
    public bool IsJson => json;

    /// <summary>Whether live progress bars are shown.</summary>
    public bool Interactive { get; }

    /// <summary>Writes a line of human-readable text.</summary>
    public void Line(string text) => human?.WriteLine(text);

    /// <summary>Writes a table of the scalar entries of <paramref name="values"/> for humans (lists and records are in the JSON).</summary>
    public void Table(string title, JsonObject values)
    {
        if (human is null) return;
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumn("metric").AddColumn("value");
        foreach (var (k, v) in values)
            if (v is JsonValue) table.AddRow(Markup.Escape(k), Markup.Escape(v.ToJsonString(Json.Compact)));
        human.Write(table);
    }

    /// <summary>The final result: JSON on standard output under --json, else a table.</summary>
    public void Result(string title, JsonObject summary)
    {
        if (json) context.Out.WriteLine(summary.ToJsonString(Json.Options));
        else Table(title, summary);
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar (interactive) or epoch log lines (otherwise).</summary>
    public T Track<T>(Func<IRunObserver, T> work)
    {
        if (human is null) return work(new SilentObserver());
        if (!Interactive) return work(new LogObserver(this));
        T result = default!;
        human.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => result = work(new ProgressObserver(ctx)));
        return result;
    }

    static string Format(IReadOnlyDictionary<string, double> metrics) =>
        string.Join("  ", metrics.Select(kv => $"{kv.Key} {kv.Value:G4}"));

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
