using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parsimony.Cli.Console;
using Parsimony.Experiments.Adding;
using Parsimony.Experiments.Language;
using Parsimony.Experiments.Navigation;
using Parsimony.Experiments.Ssi;
using Parsimony.Runs;
using Parsimony.Training;
using TorchSharp;

namespace Parsimony.Cli.Commands;

/// <summary><c>parsimony train &lt;experiment&gt;</c>: one subcommand per experiment, all with the same run-folder contract.</summary>
static class TrainCommand
{
    public static Command Create()
    {
        var train = new Command("train", "Train a model; writes a run folder (config, metrics, checkpoints, model.safetensors, report).");
        train.Subcommands.Add(Experiment<AddingConfig>("adding",
            "The adding problem (two marked values among T steps) with an Elman/LSTM/GRU; reports held-out test MSE.",
            (c, d) => new AddingExperiment(c, d)));
        train.Subcommands.Add(Experiment<NavigationConfig>("navigation",
            "Path integration with place cells (the moduli paper's main task): moduli regularization, gradual pruning, decoding error in cm. " +
            "The defaults are the paper's full scale (Ng = 4096; a GPU job); 'parsimony demo' is a CPU-sized run.",
            (c, d) => new NavigationExperiment(c, d)));
        train.Subcommands.Add(Experiment<LanguageConfig>("lm",
            "Word-level language model (WikiText-2 by default): 3-layer tanh RNN, SGD lr 20 with ÷4 annealing, moduli regularization on every layer, " +
            "delayed pruning; reports test loss, perplexity, accuracy and the reference's mis-normalised legacy accuracy.",
            (c, d) => new LanguageExperiment(c, d)));
        train.Subcommands.Add(Experiment<SsiPlaceConfig>("ssi-place",
            "Self-supervised place cells (SSI paper): a ReLU RNN integrates displacement from a place-cell start cue and its readout maximises " +
            "the SSI of its own activity (no labels); reports rate maps, place score, SSI and decoding against the untrained network.",
            (c, d) => new SsiExperiment(c, d)));
        train.Subcommands.Add(Experiment<SsiHeadDirectionConfig>("ssi-hd",
            "Self-supervised head-direction cells: the 1-D analogue (heading-change input, ring start cue, same losses); reports tuning " +
            "curves, their unimodality, SSI and decoding against the untrained network.",
            (c, d) => new SsiExperiment(c, d)));
        return train;
    }

    /// <summary>Builds the subcommand <paramref name="name"/> for config <typeparamref name="TConfig"/>.</summary>
    public static Command Experiment<TConfig>(string name, string description, Func<TConfig, torch.Device, ITrainable> create,
        TConfig? defaults = null, string? commandName = null)
        where TConfig : TrainConfig, new()
    {
        var command = new Command(name, description);
        var config = new ConfigOptions<TConfig>(command, defaults);
        var outDir = new Option<string?>("--out") { Description = $"Run folder to create (default runs/{name}-<UTC time>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint (options you give must match it)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the options and stop before anything is built or written (a sweep checks every run this way first)." };
        command.Options.Add(outDir);
        command.Options.Add(resume);
        command.Options.Add(dryRun);
        CommonOptions.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var ui = new Ui(parse.GetValue(CommonOptions.Quiet), parse.GetValue(CommonOptions.Json));
            var fullName = commandName ?? $"train {name}";
            RunFolder? resumed = null;
            TConfig resolved;
            if (parse.GetValue(resume) is { } resumeDir)
            {
                if (parse.GetValue(outDir) is not null) throw new ParsimonyException("Give either --out (a new run) or --resume (an existing one), not both.");
                resumed = RunFolder.Open(resumeDir);
                var saved = resumed.ReadConfig();
                if ((string?)saved["command"] != fullName)
                    throw new ParsimonyException($"'{resumeDir}' holds a '{saved["command"]}' run, not '{fullName}'. Resume it with that command.");
                resolved = config.Resolve(parse, saved["options"]!.AsObject(), out var conflicts);
                if (conflicts.Count > 0)
                    throw new ParsimonyException($"'{resumeDir}' was made with a different configuration: {string.Join("; ", conflicts)}. " +
                                                 "Resume without those options, or start a new run with --out.");
                if (resumed.IsFinished)
                {
                    ui.Line($"The run in {resumed.Root} has already finished; nothing to resume.");
                    ui.Result(fullName, resumed.ReadSummary());
                    return 0;
                }
            }
            else resolved = config.Resolve(parse, null, out _);

            // Everything that can fail on bad input happens before a new run folder is created.
            resolved.Validate();
            var torchDevice = Devices.Resolve(resolved.Device);
            if (parse.GetValue(dryRun))
            {
                ui.Line($"{fullName}: the options are valid (device {torchDevice}); nothing was run.");
                return 0;
            }
            Devices.SetTf32(resolved.Tf32);
            using var training = create(resolved, torchDevice);
            var run = resumed ?? NewRun(parse.GetValue(outDir), name, fullName, resolved, torchDevice);
            ui.Line($"{fullName} → {run.Root} (device {torchDevice})");
            var summary = ui.Track(observer => new Trainer(run, new TrainerOptions(), observer).Fit(training))!;
            ui.Line($"report: {run.ReportPath}");
            ui.Result(fullName, summary);
            return 0;
        }));
        return command;
    }

    static RunFolder NewRun<TConfig>(string? outDir, string name, string fullName, TConfig config, torch.Device device)
    {
        var run = RunFolder.CreateNew(outDir, name);
        run.WriteConfig(new JsonObject
        {
            ["command"] = fullName,
            ["version"] = Cli.Version,
            ["device"] = device.ToString(),
            ["created_utc"] = DateTime.UtcNow.ToString("O"),
            ["options"] = JsonSerializer.SerializeToNode(config, Json.Options),
        });
        return run;
    }
}
