using System.ComponentModel;

namespace Parsimony.Experiments.EventProp;

/// <summary>
/// EventProp on Yin-Yang, the paper's configuration (spec §B.5.1): the published splits (5,000/1,000/1,000), five
/// input spikes per sample (x, y, 1 − x, 1 − y over [t_min, t_max] and a bias spike), 5-200-3 LIF, TTFS loss, Adam
/// 5e-3 decayed ×0.95 per epoch, batch 32, 100 epochs, unbounded horizon.
/// </summary>
public sealed record YinYangEventPropConfig : EventPropConfig
{
    /// <summary>Time of value 0.</summary>
    [Description("Spike time of an input value 0 (ms).")]
    public double TMin { get; init; }

    /// <summary>Time of value 1.</summary>
    [Description("Spike time of an input value 1 (ms).")]
    public double TMax { get; init; } = 30;

    /// <summary>Time of the bias spike.</summary>
    [Description("Time of the bias input spike (ms).")]
    public double TBias { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Rules.Require(TMax > TMin, nameof(TMax), $"must be after --t-min ({TMin} ms; got {TMax}).");
        Rules.NonNegative(TMin, nameof(TMin));
        Rules.NonNegative(TBias, nameof(TBias));
    }
}
