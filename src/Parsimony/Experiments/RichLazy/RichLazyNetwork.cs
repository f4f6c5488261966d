using Parsimony.Analysis;
using Parsimony.Models.RichLazy;
using Parsimony.Tasks.Blobs;

namespace Parsimony.Experiments.RichLazy;

/// <summary>Trains one network of the sweep on the blob task and measures it (spec neuro_models.md §D.3).</summary>
public static class RichLazyNetwork
{
    /// <summary>Components kept in the scree and the top-k accuracies.</summary>
    public const int Components = 10;

    /// <summary>
    /// The seed of run <paramref name="run"/> of group <paramref name="group"/> of <paramref name="kind"/> (scale or l2):
    /// with shared draws every group's run r has the same seed (and so the same standard-normal draws); with independent
    /// draws every (kind, group, run) has its own.
    /// </summary>
    public static int SeedOf(RichLazyConfig config, string kind, int group, int run)
    {
        int shared = unchecked(config.Seed * 1_000_003 + run);
        if (config.Draws == WeightDraws.Shared) return shared;
        int stream = kind == "scale" ? 1 + group : -(1 + group);
        return unchecked(shared * 7_919 + stream * 104_729);
    }

    /// <summary>A network of the config's size over the task, initialised at (σ_s, σ_c) from <paramref name="seed"/>.</summary>
    public static ContextMlp Build(BlobTask task, RichLazyConfig config, double stimulusStd, double contextStd, int seed)
    {
        var net = new ContextMlp(BlobTask.StimulusInputs, BlobTask.Contexts, config.Hidden, task.StimulusMatrix, task.ContextValue);
        net.Initialise(stimulusStd, contextStd, config.OutputStd, config.Bias, seed);
        return net;
    }

    /// <summary>Unit categories of a trained network: only-A, only-B and mixed units (dead: none of them).</summary>
    sealed record Categories(bool[] OnlyA, bool[] OnlyB, bool[] Mixed)
    {
        public bool[] Specific => OnlyA.Zip(OnlyB, (a, b) => a || b).ToArray();
    }

    static Categories Categorise(double[] hidden, int units)
    {
        var (meanA, meanB) = (ContextMean(hidden, units, 0), ContextMean(hidden, units, 1));
        return new Categories(Enumerable.Range(0, units).Select(u => meanA[u] > 0 && meanB[u] == 0).ToArray(),
                              Enumerable.Range(0, units).Select(u => meanB[u] > 0 && meanA[u] == 0).ToArray(),
                              Enumerable.Range(0, units).Select(u => meanA[u] > 0 && meanB[u] > 0).ToArray());
    }

    /// <summary>
    /// Trains and measures one network; with <paramref name="maskScale"/> the ablation masks come from the network the sweep
    /// trains at that initial scale as run <paramref name="run"/> of the first scale group, without L2 (the authors'
    /// quirk), otherwise from this network.
    /// </summary>
    public static NetworkResult Run(BlobTask task, RichLazyConfig config, string kind, int group, int run, double stimulusStd, double contextStd, double l2,
                                    (double Stimulus, double Context)? maskScale = null)
    {
        var net = Build(task, config, stimulusStd, contextStd, SeedOf(config, kind, group, run));
        var initialContext = net.ContextWeights(net.Parameters).ToArray();
        var initialKernel = net.TangentKernel();
        var (initialHidden, initialOutputs) = net.Evaluate();
        var initialResiduals = initialOutputs.Select((y, i) => y - task.Targets[i]).ToArray();
        int deadAtInit = DeadCount(initialHidden, net.Hidden, BlobTask.Stimuli);
        var trace = FullBatchDescent.Train(net, task.Targets, config.Steps, config.LearningRate, l2, config.LogEvery);
        var (hidden, outputs) = net.Evaluate();
        int units = net.Hidden;
        var (meanA, meanB) = (ContextMean(hidden, units, 0), ContextMean(hidden, units, 1));
        var own = Categorise(hidden, units);
        var (onlyA, onlyB, mixed, specific) = (own.OnlyA, own.OnlyB, own.Mixed, own.Specific);
        var masks = own;
        if (maskScale is { } scale)
        {
            var source = Build(task, config, scale.Stimulus, scale.Context, SeedOf(config, "scale", 0, run));
            FullBatchDescent.Train(source, task.Targets, config.Steps, config.LearningRate, 0, config.Steps);
            masks = Categorise(source.Evaluate().Hidden, units);
        }
        var finalContext = net.ContextWeights(net.Parameters).ToArray();
        var finalKernel = net.TangentKernel();
        var singular = PrincipalComponents.SingularValues(hidden, units);
        var wy = net.OutputWeights(net.Parameters).ToArray();
        double by = net.Parameters[net.OutputBiasIndex];
        var topK = Enumerable.Range(1, Components).Select(k => Accuracy(Readout(PrincipalComponents.LowRank(hidden, units, k), wy, by), task.Targets, _ => true)).ToArray();
        return new NetworkResult
        {
            Kind = kind, Group = group, Run = run, StimulusStd = stimulusStd, ContextStd = contextStd, L2 = l2,
            Loss = trace.Loss, Accuracy = trace.Accuracy,
            StimulusChange = trace.StimulusChange, ContextChange = trace.ContextChange, OutputChange = trace.OutputChange,
            ConvergedAt = trace.ConvergedAt, InitialNorms = trace.InitialNorms, FinalNorms = trace.FinalNorms,
            Dead = DeadCount(hidden, units, BlobTask.Stimuli), DeadAtInit = deadAtInit, DeadWithoutLastItem = DeadCount(hidden, units, BlobTask.Stimuli - 1),
            OnlyA = onlyA.Count(x => x), OnlyB = onlyB.Count(x => x), Mixed = mixed.Count(x => x),
            Orthogonality = meanA.Zip(meanB, (a, b) => a * b).Sum(),
            Scree = PrincipalComponents.Scree(singular).Take(Components).ToArray(),
            TopKAccuracy = topK,
            Betas = Rsa.Regress(Rsa.EuclideanRdm(hidden, units), BlobModels.All),
            ContextCorrelation =
            [
                ContextCorrelationOf(initialContext, units, specific), ContextCorrelationOf(finalContext, units, specific),
                ContextCorrelationOf(initialContext, units, mixed), ContextCorrelationOf(finalContext, units, mixed),
            ],
            Ablations =
            [
                Ablate(net, task, "none", null), Ablate(net, task, "mixed", masks.Mixed), Ablate(net, task, "only-a", masks.OnlyA),
                Ablate(net, task, "only-b", masks.OnlyB), Ablate(net, task, "task-specific", masks.Specific),
            ],
            KernelDistance = KernelComparison.Distance(initialKernel, finalKernel),
            KernelChange = KernelComparison.RelativeChange(initialKernel, finalKernel),
            KernelAlignment = [KernelComparison.Alignment(initialKernel, task.Targets), KernelComparison.Alignment(finalKernel, task.Targets)],
            KernelLoss = l2 == 0 ? LinearisedDescent.Loss(initialKernel, initialResiduals, config.LearningRate, trace.Steps) : [],
            Geometry = run == 0 ? PrincipalComponents.Scores(hidden, units, 2) : null,
        };
    }

    /// <summary>Mean hidden vector over the 25 items of context <paramref name="context"/> (all of them: the code's 25:-1 for the south drops one, a quirk not reproduced).</summary>
    static double[] ContextMean(double[] hidden, int units, int context)
    {
        var mean = new double[units];
        for (int s = 0; s < BlobTask.Stimuli; s++)
            for (int u = 0; u < units; u++) mean[u] += hidden[(context * BlobTask.Stimuli + s) * units + u] / BlobTask.Stimuli;
        return mean;
    }

    /// <summary>Units silent on every north item and on the first <paramref name="southItems"/> south items.</summary>
    static int DeadCount(double[] hidden, int units, int southItems) =>
        Enumerable.Range(0, units).Count(u => Enumerable.Range(0, BlobTask.Stimuli + southItems).All(i => hidden[i * units + u] == 0));

    static double ContextCorrelationOf(double[] contextWeights, int units, bool[] among)
    {
        var a = Enumerable.Range(0, units).Where(u => among[u]).Select(u => contextWeights[u]).ToArray();
        var b = Enumerable.Range(0, units).Where(u => among[u]).Select(u => contextWeights[units + u]).ToArray();
        if (a.Length < 3) return double.NaN;
        double ma = a.Average(), mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }

    /// <summary>Accuracy with the units of <paramref name="remove"/> silenced; the mask comes from the network being ablated.</summary>
    static Ablation Ablate(ContextMlp net, BlobTask task, string name, bool[]? remove)
    {
        var (_, y) = net.Evaluate(remove?.Select(r => !r).ToArray());
        return new Ablation(name,
            Accuracy(y, task.Targets, i => BlobTask.ContextOf(i) == 0), Accuracy(y, task.Targets, i => BlobTask.ContextOf(i) == 1),
            Accuracy(y, task.Targets, BlobTask.Congruent), Accuracy(y, task.Targets, BlobTask.Incongruent));
    }

    static double[] Readout(double[] hidden, double[] wy, double by)
    {
        int units = wy.Length;
        return Enumerable.Range(0, hidden.Length / units).Select(i => System.Numerics.Tensors.TensorPrimitives.Dot(hidden.AsSpan(i * units, units), wy) + by).ToArray();
    }

    /// <summary>Share of the items in <paramref name="among"/> with a non-zero target whose output has its sign.</summary>
    public static double Accuracy(double[] outputs, double[] targets, Func<int, bool> among)
    {
        int n = 0, correct = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            if (targets[i] == 0 || !among(i)) continue;
            n++;
            if (Math.Sign(outputs[i]) == Math.Sign(targets[i])) correct++;
        }
        return n == 0 ? double.NaN : (double)correct / n;
    }
}
