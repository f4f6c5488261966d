using System.Numerics.Tensors;

namespace Parsimony.Models.RichLazy;

/// <summary>
/// What <see cref="FullBatchDescent.Train"/> recorded: the loss, the accuracy and each weight matrix's relative norm
/// change (‖W_t‖_F − ‖W_0‖_F) / ‖W_0‖_F at every logged step, and the first step at which every informative item was
/// answered correctly.
/// </summary>
/// <param name="Steps">The logged steps (updates done before the evaluation): 0, every <c>logEvery</c>-th, and the last.</param>
/// <param name="Loss">Loss (with the L2 term) at each logged step.</param>
/// <param name="Accuracy">Share of items with a non-zero target whose output has the target's sign.</param>
/// <param name="StimulusChange">Relative norm change of W_hs.</param>
/// <param name="ContextChange">Relative norm change of W_hc.</param>
/// <param name="OutputChange">Relative norm change of W_yh.</param>
/// <param name="ConvergedAt">First step with accuracy 1 (checked at every step), or null when never reached.</param>
/// <param name="InitialNorms">‖W_hs‖, ‖W_hc‖, ‖W_yh‖ before training.</param>
/// <param name="FinalNorms">The same after training.</param>
public sealed record DescentTrace(int[] Steps, double[] Loss, double[] Accuracy, double[] StimulusChange, double[] ContextChange,
                                  double[] OutputChange, int? ConvergedAt, double[] InitialNorms, double[] FinalNorms);

/// <summary>Plain full-batch gradient descent on a <see cref="ContextMlp"/> (the published optimiser: no momentum, summed gradients).</summary>
public static class FullBatchDescent
{
    /// <summary>
    /// Runs <paramref name="steps"/> updates θ ← θ − η ∇L of <paramref name="net"/> in place and returns the trace,
    /// logged every <paramref name="logEvery"/> steps and after the last.
    /// </summary>
    public static DescentTrace Train(ContextMlp net, ReadOnlySpan<double> targets, int steps, double learningRate, double l2, int logEvery)
    {
        Rules.AtLeast(steps, 0, nameof(steps));
        Rules.Positive(learningRate, nameof(learningRate));
        Rules.NonNegative(l2, nameof(l2));
        Rules.Positive(logEvery, nameof(logEvery));
        int informative = 0;
        foreach (var y in targets) if (y != 0) informative++;
        var gradient = new double[net.Parameters.Length];
        var initial = Norms(net);
        var logged = new List<(int Step, double Loss, double Accuracy, double[] Norms)>();
        int? converged = null;
        for (int t = 0; t <= steps; t++)
        {
            var (loss, correct) = net.LossAndGradient(targets, l2, gradient);
            double accuracy = informative == 0 ? 1 : (double)correct / informative;
            if (converged is null && correct == informative) converged = t;
            if (t % logEvery == 0 || t == steps) logged.Add((t, loss, accuracy, Norms(net)));
            if (t < steps) TensorPrimitives.MultiplyAdd(gradient, -learningRate, net.Parameters, net.Parameters);
        }
        double[] Change(int m) => logged.Select(l => initial[m] == 0 ? 0 : (l.Norms[m] - initial[m]) / initial[m]).ToArray();
        return new DescentTrace(logged.Select(l => l.Step).ToArray(), logged.Select(l => l.Loss).ToArray(), logged.Select(l => l.Accuracy).ToArray(),
                                Change(0), Change(1), Change(2), converged, initial, logged[^1].Norms);
    }

    /// <summary>Frobenius norms of W_hs, W_hc and W_yh.</summary>
    public static double[] Norms(ContextMlp net)
    {
        var p = net.Parameters.AsSpan();
        return [TensorPrimitives.Norm(net.StimulusWeights(p)), TensorPrimitives.Norm(net.ContextWeights(p)), TensorPrimitives.Norm(net.OutputWeights(p))];
    }
}
