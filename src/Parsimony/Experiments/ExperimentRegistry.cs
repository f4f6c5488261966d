using Parsimony.Experiments.DentateGyrus;
using Parsimony.Experiments.Egru;
using Parsimony.Experiments.EventProp;
using Parsimony.Experiments.Moduli.Adding;
using Parsimony.Experiments.Moduli.Language;
using Parsimony.Experiments.Moduli.Navigation;
using Parsimony.Experiments.Info;
using Parsimony.Experiments.Olfaction;
using Parsimony.Experiments.RichLazy;
using Parsimony.Experiments.SelfSupervised;
using Parsimony.Experiments.Sernn;
using Parsimony.Runs;

namespace Parsimony.Experiments;

/// <summary>
/// One command that makes a job and writes a run folder: its command words (<c>train navigation</c>, <c>info</c>), what
/// it does, its config record (whose described properties become the command's options) with their defaults, the
/// factory of its job, and optionally a step benchmark.
/// </summary>
/// <param name="Command">The command words, e.g. <c>train navigation</c>; the last word is the experiment's name.</param>
/// <param name="Description">One paragraph for the help text.</param>
/// <param name="ConfigType">The config record.</param>
/// <param name="Defaults">The defaults of this command (the record's own, or a preset such as the demo's).</param>
/// <param name="Create">Makes the job for a validated config; everything that can fail on bad input fails here, before any folder exists.</param>
/// <param name="Benchmark">How <c>parsimony bench</c> times this job's training step, if it can.</param>
public sealed record ExperimentEntry(string Command, string Description, Type ConfigType, RunConfig Defaults,
                                     Func<RunConfig, ComputeContext, IJob> Create, StepBenchmark? Benchmark = null)
{
    /// <summary>The last command word (<c>navigation</c>, <c>info</c>): the default run-folder prefix.</summary>
    public string Name => Command.Split(' ')[^1];

    /// <summary>An entry for config <typeparamref name="TConfig"/> with its own defaults, or <paramref name="defaults"/>.</summary>
    public static ExperimentEntry Of<TConfig>(string command, string description, Func<TConfig, ComputeContext, IJob> create,
                                              TConfig? defaults = null, StepBenchmark? benchmark = null) where TConfig : RunConfig, new() =>
        new(command, description, typeof(TConfig), defaults ?? new TConfig(), (c, context) => create((TConfig)c, context), benchmark);
}

/// <summary>
/// Every command that runs a job, in one list: the command line builds its <c>train …</c>, <c>demo</c>, <c>info</c> and
/// <c>bench …</c> commands from it, sweeps accept exactly its commands, and tests add fake entries to a registry of their
/// own. Registering a new system is one entry here plus its own folder.
/// </summary>
/// <param name="Entries">The entries, in help order.</param>
public sealed record ExperimentRegistry(IReadOnlyList<ExperimentEntry> Entries)
{
    /// <summary>The registry of this version of Parsimony.</summary>
    public static ExperimentRegistry Default { get; } = new(
    [
        ExperimentEntry.Of<NavigationConfig>("demo",
            "The main demo (a few minutes on 2 CPU cores): path integration with torus moduli regularization and gradual pruning to 90%, " +
            "then a report with errors, sparsity per matrix, the recurrent matrix ordered along the torus, decoded trajectories and rate maps.",
            (c, context) => new NavigationExperiment(c, context), NavigationConfig.Demo),
        ExperimentEntry.Of<AddingConfig>("train adding",
            "The adding problem (two marked values among T steps) with an Elman/LSTM/GRU; reports held-out test MSE.",
            (c, context) => new AddingExperiment(c, context)),
        ExperimentEntry.Of<NavigationConfig>("train navigation",
            "Path integration with place cells (the moduli paper's main task): moduli regularization, gradual pruning, decoding error in cm. " +
            "The defaults are the paper's full scale (Ng = 4096; a GPU job); 'parsimony demo' is a CPU-sized run.",
            (c, context) => new NavigationExperiment(c, context), benchmark: NavigationBenchmark.Step),
        ExperimentEntry.Of<LanguageConfig>("train lm",
            "Word-level language model (WikiText-2 by default): 3-layer tanh RNN, SGD lr 20 with ÷4 annealing, moduli regularization on every layer, " +
            "delayed pruning; reports test loss, perplexity, accuracy and the reference's mis-normalised legacy accuracy.",
            (c, context) => new LanguageExperiment(c, context)),
        ExperimentEntry.Of<SsiPlaceConfig>("train ssi-place",
            "Self-supervised place cells (SSI paper): a ReLU RNN integrates displacement from a place-cell start cue and its readout maximises " +
            "the SSI of its own activity (no labels); reports rate maps, place score, SSI and decoding against the untrained network.",
            (c, context) => new SsiJob(c, new PlaceCellTask(c, context.Device), context)),
        ExperimentEntry.Of<SsiHeadDirectionConfig>("train ssi-hd",
            "Self-supervised head-direction cells: the 1-D analogue (heading-change input, ring start cue, same losses); reports tuning " +
            "curves, their unimodality, SSI and decoding against the untrained network.",
            (c, context) => new SsiJob(c, new HeadDirectionTask(c, context.Device), context)),
        ExperimentEntry.Of<YinYangEventPropConfig>("train eventprop-yinyang",
            "EventProp (exact gradients of an exact event-driven spiking network) on Yin-Yang, the paper's configuration: 5-200-3 LIF, " +
            "time-to-first-spike loss, Adam 5e-3 ×0.95 per epoch, batch 32, 100 epochs; accuracy and loss curves, rasters, first-spike times, the decision map.",
            (c, _) => c.Method == SpikeTraining.Surrogate ? new SurrogateJob(c, new YinYangTask(c), "eventprop-yinyang") : new EventPropJob(c, new YinYangTask(c), "eventprop-yinyang")),
        ExperimentEntry.Of<ImagesEventPropConfig>("train eventprop-images",
            "EventProp on latency-coded images (Fashion-MNIST by default; any IDX set) with the paper's MNIST protocol: 784-350-10, " +
            "leaky-integrator outputs and the max-voltage loss (with the kink correction), batch 5, input dropout 0.2.",
            (c, _) => c.Method == SpikeTraining.Surrogate ? new SurrogateJob(c, new ImageTask(c), "eventprop-images") : new EventPropJob(c, new ImageTask(c), "eventprop-images")),
        ExperimentEntry.Of<SeqImageConfig>("train egru-seqimage",
            "Sequential image classification (Fashion-MNIST by default; any IDX set) by rows, by pixels at 14×14 or by the published 784 pixels, " +
            "optionally bit-reversal permuted; a recurrent classifier read out at the last step; validation and test accuracy per epoch.",
            (c, context) => new SeqImageJob(c, context)),
        ExperimentEntry.Of<LmConfig>("train egru-lm",
            "Language modelling with the AWD-LSTM pipeline's pieces (tied embedding, variable BPTT, AdamW β1 = 0, cosine): characters of the shipped " +
            "Tiny Shakespeare (bits per character) or words of the shipped WikiText-2 text (perplexity).",
            (c, context) => new LmJob(c, context)),
        ExperimentEntry.Of<OlfactionConfig>("run olfaction",
            "Olfaction by estimation by elimination (Monte Carlo, untrained): random sparse receptors with competitive binding and a thresholded Hill output, " +
            "decoded by ruling out what silent receptors bind, then non-negative least squares; success against the breadth s, the minimal M against K and N, " +
            "and the diversity–sparsity relation, with the closed forms.",
            (c, _) => new OlfactionJob(c)),
        ExperimentEntry.Of<DentateConfig>("run dentate",
            "Dentate-gyrus pattern separation (Galloni et al. 2022): granule cells, mossy cells, feed-forward and feedback interneurons as a conductance-based " +
            "rate network on the 128 binary patterns; --model 0…6b (or all), --model-file for your own network, --ablate PRE:POST; sparsity, selectivity, " +
            "similarity against the published table.",
            (c, _) => new DentateJob(c), DentateConfig.Published),
        ExperimentEntry.Of<SernnConfig>("train sernn",
            "Spatially embedded RNN (Achterberg et al. 2023) on the one-step-inference maze: 100 ReLU units on a 5×5×4 grid, penalty sernn " +
            "(|U|∘C∘D), distance, communicability or l1; accuracy, the grid's strongest connections, weight vs distance, modularity and small-worldness per epoch.",
            (c, context) => new SernnJob(c, context)),
        ExperimentEntry.Of<SernnPopulationConfig>("train sernn-population",
            "A population of seRNNs (or L1, distance, communicability networks) over a λ grid, trained side by side in stacks of batched products; " +
            "each network as 'train sernn --lambda λ' trains it, measured and logged with its final kernel; accuracy and structure against λ. " +
            "Compare two populations with 'parsimony analyze network FOLDER'.",
            (c, _) => new SernnPopulationJob(c)),
        ExperimentEntry.Of<DentateOptimizeConfig>("run dentate-optimize",
            "Re-optimises a dentate-gyrus model's mean weights (model 6 by default) by differential evolution over the published bounds on 5 weight seeds, " +
            "against the published parameters' objective.",
            (c, _) => new DentateOptimizeJob(c), DentateOptimizeConfig.Published),
        ExperimentEntry.Of<InfoConfig>("info",
            "Stimulus information of a recording: Skaggs bits/s and bits/spike per cell, the stimulus information matrix, its SSI and shuffle nulls.",
            (c, _) => new InfoJob(c)),
        ExperimentEntry.Of<RichLazyConfig>("run rich-lazy",
            "Rich vs lazy learning (Flesch et al. 2022): 27-100-1 ReLU networks trained by full-batch gradient descent on the Gaussian-blob context task " +
            "from eight initial weight scales × 30 runs, plus L2 on the lazy initialisation; learning curves, weight changes, unit categories, RSA, geometry, ablations.",
            (c, _) => new RichLazyJob(c)),
    ]);

    /// <summary>The entry for <paramref name="command"/> (e.g. <c>train adding</c>), or null.</summary>
    public ExperimentEntry? Find(string command) => Entries.FirstOrDefault(e => e.Command == command);

    /// <summary>A registry with <paramref name="more"/> entries after these.</summary>
    public ExperimentRegistry With(params ExperimentEntry[] more) => new([.. Entries, .. more]);
}
