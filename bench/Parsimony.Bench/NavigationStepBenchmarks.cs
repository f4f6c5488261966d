using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Parsimony.Experiments.Moduli.Navigation;
using Parsimony.Tasks.Navigation;
using Parsimony.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Bench;

/// <summary>
/// One navigation training step (batch generation, place codes, forward, cross-entropy + moduli penalty, backward,
/// gradient masking, AdamW, re-masking) at 90% sparsity: Parsimony's experiment (as the Trainer drives it) against the
/// same model written as a plain TorchSharp eager loop, the in-run baseline. CPU, Ng = 512 by default.
/// </summary>
[Config(typeof(InProcessSteps))]
public class NavigationStepBenchmarks
{
    NavigationExperiment experiment = null!;
    TrainingStep trainerStep = null!;
    Plain plain = null!;
    long step;

    /// <summary>Recurrent units.</summary>
    [Params(512)]
    public int Hidden { get; set; }

    /// <summary>Builds both at 90% sparsity with the same masks and penalty.</summary>
    [GlobalSetup]
    public void Setup()
    {
        global::Parsimony.HostMemory.KeepFreedBlocks();   // as the CLI does; both methods run in this process with it
        var config = new NavigationConfig { Hidden = Hidden, Device = global::Parsimony.DeviceChoice.Cpu, Epochs = 2, Steps = 1, ValidationBatches = 1 };
        experiment = new NavigationExperiment(config, global::Parsimony.ComputeContext.Cpu);
        experiment.BeginEpoch(1); // prunes to 90%
        plain = new Plain(experiment, config);
        trainerStep = new TrainingStep(experiment, TrainingStep.DefaultCheckEvery(experiment, logEvery: 50));
    }

    /// <summary>The plain TorchSharp loop (baseline).</summary>
    [Benchmark(Baseline = true)]
    public float PlainTorchSharp() => plain.Step(step++);

    /// <summary>Parsimony's step: the trainer's own <see cref="TrainingStep"/> (NaN guard included).</summary>
    [Benchmark]
    public double ParsimonyStep() => trainerStep.Run(step++).Loss;

    /// <summary>Releases both.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        trainerStep.Dispose();
        experiment.Dispose();
    }

    /// <summary>The same step written directly against TorchSharp, sharing the experiment's tensors.</summary>
    sealed class Plain
    {
        readonly Linear encoder = nn.Linear(1, 1), decoder = nn.Linear(1, 1);
        readonly RNN rnn;
        readonly Tensor r, centres;
        readonly Dictionary<string, Tensor> masks;
        readonly Parameter[] weights;
        readonly OptimizerHelper optimizer;
        readonly TrajectoryGenerator trajectories;
        readonly NavigationConfig config;

        public Plain(NavigationExperiment experiment, NavigationConfig config)
        {
            this.config = config;
            var state = experiment.State.Model.state_dict();
            encoder = nn.Linear(config.PlaceCells, config.Hidden, hasBias: false);
            decoder = nn.Linear(config.Hidden, config.PlaceCells, hasBias: false);
            rnn = nn.RNN(2, config.Hidden, 1, nn.NonLinearities.ReLU, bias: false);
            using (no_grad())
            {
                encoder.weight!.copy_(state["encoder.weight"]);
                decoder.weight!.copy_(state["decoder.weight"]);
                rnn.get_parameter("weight_hh_l0")!.copy_(state["rnn.rnn.weight_hh_l0"]);
                rnn.get_parameter("weight_ih_l0")!.copy_(state["rnn.rnn.weight_ih_l0"]);
            }
            weights = [encoder.weight!, decoder.weight!, rnn.get_parameter("weight_hh_l0")!, rnn.get_parameter("weight_ih_l0")!];
            string[] names = ["encoder.weight", "decoder.weight", "rnn.rnn.weight_hh_l0", "rnn.rnn.weight_ih_l0"];
            masks = names.ToDictionary(n => n, n => state["masks.mask_" + n.Replace(".", "__")]);
            r = experiment.PenaltyMatrix().clone();
            centres = experiment.PlaceCellCentres().clone();
            optimizer = optim.AdamW(weights, config.Lr, weight_decay: config.WeightDecay);
            trajectories = new TrajectoryGenerator(config.Box, config.SequenceLength);
        }

        Tensor Code(Tensor position)
        {
            var d2 = (position.unsqueeze(-2) - centres).square().sum(-1);
            var s = config.PlaceCellWidth * config.PlaceCellWidth;
            var code = (d2 / (-2 * s)).softmax(-1) - (d2 / (-4 * s)).softmax(-1);
            code = code - code.amin([-1], true);
            return code / code.sum(-1, true);
        }

        public float Step(long step)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using var batch = trajectories.Batch(config.Seed, step, config.BatchSize, CPU);
            var h = rnn.call(batch.Velocity, encoder.call(Code(batch.Start)).unsqueeze(0)).Item1;
            var loss = -(Code(batch.Position) * decoder.call(h).log_softmax(-1)).sum(-1).mean()
                       + config.Lambda * (r * weights[2].abs()).mean();
            float value = loss.item<float>();
            loss.backward();
            for (int i = 0; i < 4; i++) weights[i].grad!.mul_(masks[Names[i]]);
            optimizer.step();
            using (no_grad()) for (int i = 0; i < 4; i++) weights[i].mul_(masks[Names[i]]);
            return value;
        }

        static readonly string[] Names = ["encoder.weight", "decoder.weight", "rnn.rnn.weight_hh_l0", "rnn.rnn.weight_ih_l0"];
    }
}

/// <summary>
/// Runs in the benchmark's own process (a generated project would lack the host's libtorch) and times single training
/// steps: 3 warm-up and 15 measured iterations of 4 steps each.
/// </summary>
public sealed class InProcessSteps : ManualConfig
{
    /// <summary>The job.</summary>
    public InProcessSteps() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithInvocationCount(4).WithUnrollFactor(1));
}
