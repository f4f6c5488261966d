using static TorchSharp.torch;

namespace Parsimony.Regularization;

/// <summary>The function turning a distance d into a penalty factor (spec moduli.md §1.3; the reference's <c>--regpower</c>).</summary>
public enum Inhibitor
{
    /// <summary>d² (the paper's "diffusion").</summary>
    Square,
    /// <summary>Difference of Gaussians 100·(e^(−d²/5) − e^(−4d²)): 0 at d = 0, peak ≈ 81.1 at d ≈ 0.89, ≈ 0 beyond 5.</summary>
    Dog,
    /// <summary>100·e^(−d²/3).</summary>
    Gauss,
    /// <summary>50 + 50·cos(2d).</summary>
    Ripple,
    /// <summary>The identity, d.</summary>
    None,
    /// <summary>A constant: the mean of DoG over the space's distances (a scale-matched L1; the reference uses it with <c>standard</c>).</summary>
    Mean,
}

/// <summary>Elementwise inhibitor functions.</summary>
public static class Inhibitors
{
    /// <summary>f(d) elementwise (for <see cref="Inhibitor.Mean"/> the DoG values, averaged by the caller).</summary>
    public static Tensor Apply(Inhibitor inhibitor, Tensor d) => inhibitor switch
    {
        Inhibitor.Square => d.square(),
        Inhibitor.Dog or Inhibitor.Mean => 100 * ((d.square() / -5).exp() - (d.square() * -4).exp()),
        Inhibitor.Gauss => 100 * (d.square() / -3).exp(),
        Inhibitor.Ripple => 50 + 50 * (2 * d).cos(),
        _ => d.clone(),
    };

    /// <summary>f(d) for one distance, in float64 (the same expression as the tensor version, on a one-element tensor).</summary>
    public static double Apply(Inhibitor inhibitor, double d)
    {
        using var scope = NewDisposeScope();
        return Apply(inhibitor, tensor(d, ScalarType.Float64)).item<double>();
    }
}
