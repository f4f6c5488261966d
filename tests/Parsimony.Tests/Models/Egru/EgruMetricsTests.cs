using Parsimony.Models.Egru;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>Activity and backward sparsity on fixed tensors (spec §A.5, §C.2 E8), worked by hand.</summary>
public class EgruMetricsTests
{
    // Layer A: N = 2, ϑ = (0.5, 0.2), s = 2 (support |c − ϑ| < 0.5), T = 2, B = 1.
    static Tensor ThresholdA => tensor(new[] { 0.5, 0.2 });
    static Tensor OA => tensor(new[] { 1.0, 0, 0, 0 }, [2, 1, 2]);
    static Tensor HA => tensor(new[] { 1.5, -0.4, 0.9, 0.65 }, [2, 1, 2]);     // post-reset; c = (2.0, −0.4, 0.9, 0.65)

    static EgruLayerOutput A => new(OA * (HA + OA * ThresholdA), HA, OA, zeros_like(HA));

    [Fact]
    public void E8BackwardSparsityFollowsTheScriptAndTheCorrectDefinition()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        // Script: |h − ϑ| > 1/s → |1.0|, |−0.6| yes; |0.4|, |0.45| no → 0.5.
        Assert.Equal(0.5, EgruMetrics.ScriptBackwardSparsity(HA, ThresholdA, 2), 15);
        // Correct: (t0,u0) fired; (t0,u1) |c − ϑ| = 0.6 ≥ 0.5 silent; (t1,u0) 0.4 and (t1,u1) 0.45 inside → 1 of 4 silent.
        Assert.Equal(0.25, EgruMetrics.BackwardSparsity(HA, OA, ThresholdA, 2), 15);
        Assert.Equal(0.75, EgruMetrics.BackwardActivity(HA, OA, ThresholdA, 2), 15);
    }

    [Fact]
    public void E8ActivityPerUnitPerLayerAndWidthWeighted()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        Assert.Equal(0.25, EgruMetrics.Activity(OA), 15);
        Assert.Equal(new[] { 0.5, 0.0 }, EgruMetrics.UnitActivity(OA));
        // Layer B: N = 1, both steps fire.
        var oB = ones(2, 1, 1, float64);
        var b = new EgruLayerOutput(oB * 0.7, oB * 0.2, oB, zeros_like(oB));
        Assert.Equal(3.0 / 6, EgruMetrics.Activity([A, b]), 15);                       // concatenated (EvNN LM), not (0.25 + 1)/2
        Assert.Equal(new[] { 0.25, 1.0 }, EgruMetrics.LayerActivity([A, b]));
        Assert.Equal(0.75, EgruMetrics.ActivitySparsity(OA), 15);
        Assert.Equal(0.5, EgruMetrics.ActivitySparsity([A, b]), 15);

        var layers = new[] { Layer(1, 2, EgruSpec.Single(1, 2) with { Support = 2 }), Layer(2, 1, EgruSpec.Single(2, 1) with { Support = 2 }) };
        using (no_grad()) { layers[0].Threshold.copy_(ThresholdA); layers[1].Threshold.fill_(0.5); }
        // Layer B: script |0.2 − 0.5| = 0.3 → 0; correct: fired → 0. Width-weighted: (2·0.5 + 1·0)/3 and (2·0.25 + 0)/3.
        Assert.Equal(1.0 / 3, EgruMetrics.ScriptBackwardSparsity([A, b], layers), 15);
        Assert.Equal(0.5 / 3, EgruMetrics.BackwardSparsity([A, b], layers), 15);
    }

    [Fact]
    public void ForwardMacsCountNonZeroInputsAndPreviousOutputs()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var x = tensor(new[] { 1.0, 0, 0, 2.0 }, [2, 1, 2]);                          // T = 2, B = 1, I = 2: 2 non-zero inputs
        var y0 = tensor(new[] { 0.0, 0.3 }, [1, 2]);
        var (sparse, dense) = EgruMetrics.ForwardMacs(x, A, y0);
        Assert.Equal(3 * 2 * (2 + 1 + 1), sparse);                                    // inputs 2, y₀ 1, y₁ 1 (y₂ feeds no step)
        Assert.Equal(3 * 2 * (2 + 2) * 2, dense);
    }
}
