using System.ComponentModel;
using Parsimony.Runs;
using Parsimony.Spiking;

namespace Parsimony.Experiments.EventProp;

/// <summary>What a spiking classifier's output is.</summary>
public enum SpikeReadout
{
    /// <summary>LIF outputs; the earliest first spike is the class (time-to-first-spike cross-entropy).</summary>
    Ttfs,
    /// <summary>Leaky-integrator outputs; the largest maximum voltage is the class (max-voltage cross-entropy).</summary>
    Vmax,
}

/// <summary>How a spiking classifier is simulated and differentiated.</summary>
public enum SpikeTraining
{
    /// <summary>EventProp on the exact event-driven simulation (no time grid).</summary>
    Exact,
    /// <summary>EventProp on a time grid of step --dt, GeNN-style (exact per-step integration, spike times on the grid).</summary>
    TimeStepped,
    /// <summary>The common alternative: backpropagation through time on a grid with a surrogate gradient (TorchSharp autograd; V_max read-out).</summary>
    Surrogate,
}

/// <summary>
/// Options of an EventProp classifier (Wunderlich &amp; Pehle 2021; spec egru_eventprop.md Part B): an exact
/// event-driven LIF network input → hidden → output trained with the event-driven adjoint, Adam with a per-epoch
/// learning-rate decay, input-spike dropout and mini-batches (the last one partial). The simulator is plain float64
/// C# on the CPU, samples of a batch in parallel.
/// </summary>
public abstract record EventPropConfig : TrainConfig
{
    /// <summary>Epochs.</summary>
    [Description("Training epochs (passes over the training set).")]
    public int Epochs { get; init; } = 100;

    /// <summary>Mini-batch size.</summary>
    [Description("Samples per mini-batch (the last batch of an epoch is partial).")]
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    [Description("Adam learning rate (β 0.9/0.999, ε 1e-8) of the first epoch.")]
    public double Lr { get; init; } = 5e-3;

    /// <summary>Learning-rate decay per epoch.</summary>
    [Description("The learning rate is multiplied by this after every epoch.")]
    public double LrDecay { get; init; } = 0.95;

    /// <summary>Hidden LIF neurons.</summary>
    [Description("Hidden LIF neurons.")]
    public int Hidden { get; init; } = 200;

    /// <summary>Input spike dropout.</summary>
    [Description("Probability that an input spike is dropped during training (0: none).")]
    public double InputDropout { get; init; }

    /// <summary>The read-out.</summary>
    [Description("ttfs (LIF outputs, time-to-first-spike cross-entropy) or vmax (leaky-integrator outputs, max-voltage cross-entropy).")]
    public SpikeReadout Readout { get; init; } = SpikeReadout.Ttfs;

    /// <summary>How the network is simulated and differentiated.</summary>
    [Description("exact (EventProp on the exact event-driven simulation), time-stepped (EventProp on a grid of --dt, GeNN-style) or surrogate (BPTT with a surrogate gradient on a grid, the snnTorch/Norse alternative; needs --readout vmax).")]
    public SpikeTraining Method { get; init; } = SpikeTraining.Exact;

    /// <summary>Grid step.</summary>
    [Description("Time step of the grid (ms) for --method time-stepped or surrogate.")]
    public double Dt { get; init; } = 0.1;

    /// <summary>Grid duration.</summary>
    [Description("Simulated time per sample on a grid (ms) when --horizon is unbounded.")]
    public double GridDuration { get; init; } = 60;

    /// <summary>Surrogate slope.</summary>
    [Description("Slope σ of the surrogate derivative 1/(1 + σ|V − ϑ|)² (--method surrogate).")]
    public double SurrogateSlope { get; init; } = 10;

    /// <summary>Kink correction of the V_max gradient.</summary>
    [Description("Correct the max-voltage gradient when a maximum sits on an inhibitory arrival (the term the published method misses); off reproduces the published gradient.")]
    public bool KinkCorrection { get; init; } = true;

    /// <summary>Membrane time constant.</summary>
    [Description("Membrane time constant τ_m (ms).")]
    public double TauMem { get; init; } = 20;

    /// <summary>Synaptic time constant.</summary>
    [Description("Synaptic time constant τ_s (ms).")]
    public double TauSyn { get; init; } = 5;

    /// <summary>Firing threshold.</summary>
    [Description("Firing threshold ϑ (reset to 0, no refractory period).")]
    public double Threshold { get; init; } = 1;

    /// <summary>Simulation horizon.</summary>
    [Description("End of each sample's simulation in ms (0: unbounded, as the official code: until no neuron can fire).")]
    public double Horizon { get; init; }

    /// <summary>Mean of the input→hidden weights.</summary>
    [Description("Mean of the normal initial input→hidden weights.")]
    public double InputWeightMean { get; init; } = 1.5;

    /// <summary>Standard deviation of the input→hidden weights.</summary>
    [Description("Standard deviation of the initial input→hidden weights.")]
    public double InputWeightSd { get; init; } = 0.78;

    /// <summary>Mean of the hidden→output weights.</summary>
    [Description("Mean of the normal initial hidden→output weights.")]
    public double OutputWeightMean { get; init; } = 0.93;

    /// <summary>Standard deviation of the hidden→output weights.</summary>
    [Description("Standard deviation of the initial hidden→output weights.")]
    public double OutputWeightSd { get; init; } = 0.1;

    /// <summary>Softmax temperature of the TTFS loss.</summary>
    [Description("τ₀ of the time-to-first-spike loss's softmax over −t/τ₀ (ms).")]
    public double Tau0 { get; init; } = 0.5;

    /// <summary>Time constant of the late-spike penalty.</summary>
    [Description("τ₁ of the late-spike penalty α(e^{t/τ₁} − 1) (ms).")]
    public double Tau1 { get; init; } = 6.4;

    /// <summary>Weight of the late-spike penalty.</summary>
    [Description("α of the late-spike penalty.")]
    public double Alpha { get; init; } = 3e-3;

    /// <summary>Training samples used.</summary>
    [Description("Use only the first N training samples (0: all), for quick runs.")]
    public int TrainSamples { get; init; }

    /// <summary>The neuron model.</summary>
    public LifNeuron Neuron() => new(TauMem, TauSyn, Threshold);

    /// <summary>The TTFS loss constants.</summary>
    public TtfsLoss Ttfs() => new(Tau0, Tau1, Alpha);

    /// <inheritdoc/>
    public override void Validate()
    {
        Rules.Require(Device != DeviceChoice.Cuda, nameof(Device), "cannot be cuda: the exact event-driven simulator is plain C# on the CPU (samples run in parallel on all cores).");
        Rules.Positive(Epochs, nameof(Epochs));
        Rules.Positive(BatchSize, nameof(BatchSize));
        Rules.Positive(Lr, nameof(Lr));
        Rules.Require(LrDecay > 0 && LrDecay <= 1, nameof(LrDecay), $"must be in (0, 1] (got {LrDecay}).");
        Rules.Positive(Hidden, nameof(Hidden));
        Rules.Require(InputDropout >= 0 && InputDropout < 1, nameof(InputDropout), $"must be in [0, 1) (got {InputDropout}).");
        Rules.NonNegative(Horizon, nameof(Horizon));
        Rules.NonNegative(InputWeightSd, nameof(InputWeightSd));
        Rules.NonNegative(OutputWeightSd, nameof(OutputWeightSd));
        Rules.Positive(Tau0, nameof(Tau0));
        Rules.Positive(Tau1, nameof(Tau1));
        Rules.NonNegative(Alpha, nameof(Alpha));
        Rules.NonNegative(TrainSamples, nameof(TrainSamples));
        Neuron().Validate();
        Rules.Positive(Dt, nameof(Dt));
        Rules.Positive(GridDuration, nameof(GridDuration));
        Rules.Positive(SurrogateSlope, nameof(SurrogateSlope));
        Rules.Require(Method != SpikeTraining.Surrogate || Readout == SpikeReadout.Vmax, nameof(Method),
            "surrogate reads out the maximum voltage (as surrogate-gradient networks do): give --readout vmax as well.");
        Rules.Require(Method == SpikeTraining.Exact || (Horizon > 0 ? Horizon : GridDuration) / Dt <= 1e6, nameof(Dt),
            $"makes more than a million grid steps per sample; use a larger step.");
        foreach (var value in new[] { Lr, InputWeightMean, InputWeightSd, OutputWeightMean, OutputWeightSd })
            Rules.Require(double.IsFinite(value), nameof(Lr), "and the weight statistics must be finite numbers.");
    }
}
