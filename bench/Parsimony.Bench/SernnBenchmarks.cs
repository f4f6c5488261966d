using BenchmarkDotNet.Attributes;
using Parsimony.Experiments.Sernn;
using Parsimony.Models.Sernn;
using Parsimony.Regularization;
using Parsimony.Tasks.Maze;
using Parsimony.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Bench;

/// <summary>
/// One seRNN training epoch (40 steps of 128 maze trials, 100 units, 50 steps) through the job and the trainer's step,
/// for each penalty and with C detached, against a plain TorchSharp loop of the same model (forward, cross-entropy,
/// backward, Adam; no penalty, no trainer) in the same run; and the communicability penalty alone (forward and
/// backward of λ Σ|U|∘C∘D, 40 times) for its share of a step; and one epoch of a stack of
/// <see cref="StackSize"/> networks trained side by side (<c>train sernn-population</c>'s step: the stack's
/// forward, Σ cross-entropy + Σ λ_k penalty, backward, Adam), with each penalty and without one — divide its time by
/// the stack size for the time per network, against the plain loop's one network.
/// </summary>
[Config(typeof(InProcessEpochs))]
public class SernnBenchmarks
{
    SernnJob? job;
    TrainingStep? step;
    KerasRnn? plain;
    optim.Optimizer? adam;
    Tensor? x, y;
    SpatialRegularizer? alone;
    TorchSharp.Modules.Parameter? u;
    KerasRnnStack? stacked;

    /// <summary>Networks in a stack case.</summary>
    public const int StackSize = 24;

    /// <summary>What is timed.</summary>
    [Params("job sernn", "job sernn detached-C", "job l1", "plain TorchSharp loop", "penalty sernn alone",
            "stack of 24 sernn", "stack of 24 l1", "stack of 24 no penalty")]
    public string Case { get; set; } = "job sernn";

    /// <summary>Builds the case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        global::Parsimony.HostMemory.KeepFreedBlocks();   // as the CLI does
        if (Case.StartsWith("job"))
        {
            var config = new SernnConfig
            {
                Penalty = Case.Contains("l1") ? SpatialPenalty.L1 : SpatialPenalty.Sernn, Lambda = Case.Contains("l1") ? 0.01 : 0.1,
                DetachCommunicability = Case.Contains("detached"), Device = DeviceChoice.Cpu,
            };
            job = new SernnJob(config, ComputeContext.Cpu);
            step = new TrainingStep(job, 1);
        }
        else if (Case.StartsWith("plain") || Case.StartsWith("stack"))
        {
            plain = RngStreams.Seeded(1, () => new KerasRnn(MazeTask.Features, 100, MazeTask.Directions));
            if (Case.StartsWith("stack"))
            {
                stacked = new KerasRnnStack(Enumerable.Repeat(plain, StackSize).ToList());
                var kind = Case.Contains("l1") ? SpatialPenalty.L1 : SpatialPenalty.Sernn;
                var strengths = Enumerable.Range(0, StackSize).Select(i => Case.Contains("no penalty") ? 0.0 : kind == SpatialPenalty.L1 ? 0.01 : 0.1).ToList();
                alone = new SpatialRegularizer(kind, strengths, stacked.Recurrent, WeightLayout.FromRowToColumn, Geometry.Grid3D.DistanceMatrix(Geometry.Grid3D.Meshgrid(5, 5, 4)));
            }
            adam = optim.Adam(stacked is null ? plain.parameters() : stacked.parameters(), 1e-3, eps: 1e-7);
            using var g = new Generator(1, CPU);
            var ids = MazeTask.Draw(5120, g);
            x = MazeTask.Inputs(ids); y = tensor(MazeTask.Labels(ids));
        }
        else
        {
            u = new TorchSharp.Modules.Parameter(RngStreams.Seeded(1, () => KerasRnn.Orthogonal(100)));
            alone = new SpatialRegularizer(SpatialPenalty.Sernn, 0.1, u, WeightLayout.FromRowToColumn, Geometry.Grid3D.DistanceMatrix(Geometry.Grid3D.Meshgrid(5, 5, 4)));
        }
    }

    /// <summary>Cleans up.</summary>
    [GlobalCleanup]
    public void Cleanup() { step?.Dispose(); job?.Dispose(); plain?.Dispose(); stacked?.Dispose(); adam?.Dispose(); alone?.Dispose(); }

    /// <summary>40 steps: one epoch of the paper's training set.</summary>
    [Benchmark]
    public double Epoch()
    {
        double loss = 0;
        if (job is not null)
        {
            job.BeginEpoch(0);
            for (int s = 0; s < job.StepsPerEpoch; s++) loss += step!.Run(s).Loss;
            return loss;
        }
        for (int s = 0; s < 40; s++)
        {
            using var scope = NewDisposeScope();
            if (stacked is not null)
            {
                adam!.zero_grad();
                var logits = stacked.call(x!.narrow(0, s * 128, 128));
                var task = nn.functional.cross_entropy(logits.reshape(StackSize * 128, -1), y!.narrow(0, s * 128, 128).repeat(StackSize));
                var l = task * StackSize + (Case.Contains("no penalty") ? zeros(1) : alone!.Penalty());
                l.backward();
                adam.step();
                loss += l.item<float>();
            }
            else if (plain is not null)
            {
                adam!.zero_grad();
                var l = nn.functional.cross_entropy(plain.call(x!.narrow(0, s * 128, 128)), y!.narrow(0, s * 128, 128));
                l.backward();
                adam.step();
                loss += l.item<float>();
            }
            else
            {
                u!.grad?.zero_();
                var p = alone!.Penalty();
                p.backward();
                loss += p.item<float>();
            }
        }
        return loss;
    }
}
