using static TorchSharp.torch;

namespace Parsimony.Models.Egru;

/// <summary>
/// The event function of EGRU: forward the strict Heaviside step H(x) = 1 if x &gt; 0 else 0 (H(0) = 0), backward the
/// triangle pseudo-derivative ψ(x) = γ·max(0, 1 − s·|x|) (spec §A.2): support |x| &lt; 1/s, peak γ, area γ/s. The paper
/// writes a width ε; EvNN's argument is the slope s = 1/ε.
/// </summary>
/// <param name="Dampening">γ, the peak.</param>
/// <param name="Support">s, the slope (half-width 1/s).</param>
public sealed record TriangleSurrogate(double Dampening = 0.7, double Support = 1.0)
{
    /// <summary>The half-width ε = 1/s of the support.</summary>
    public double HalfWidth => 1 / Support;

    /// <summary>H(x), strict.</summary>
    public static double Step(double x) => x > 0 ? 1 : 0;

    /// <summary>ψ(x) = γ·max(0, 1 − s|x|).</summary>
    public double Psi(double x) => Dampening * Math.Max(0, 1 - Support * Math.Abs(x));

    /// <summary>
    /// The antiderivative S of ψ with S(−∞) = 0 (used by the frozen-Heaviside check: H(x⁰) + S(x) − S(x⁰) has the
    /// forward value of H at x⁰ and the derivative ψ).
    /// </summary>
    public double Antiderivative(double x)
    {
        double e = HalfWidth, g = Dampening;
        if (x <= -e) return 0;
        if (x <= 0) return g * (x + e) * (x + e) / (2 * e);
        if (x < e) return g * (e / 2 + x - x * x / (2 * e));
        return g * e;
    }

    /// <summary>H(x) with ψ(x) as its gradient, as a TorchSharp autograd function (same dtype and shape as <paramref name="x"/>).</summary>
    public Tensor Fire(Tensor x) => HeavisideFunction.apply(x, Dampening, Support);

    /// <summary>ψ(x) elementwise.</summary>
    public Tensor Psi(Tensor x) => (1 - Support * x.abs()).clamp_min(0) * Dampening;
}

/// <summary>The custom autograd function behind <see cref="TriangleSurrogate.Fire(Tensor)"/>: vars = (x, γ, s).</summary>
sealed class HeavisideFunction : autograd.SingleTensorFunction<HeavisideFunction>
{
    public override string Name => "EgruHeaviside";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        ctx.save_for_backward([x]);
        ctx.save_data("gamma", vars[1]);
        ctx.save_data("s", vars[2]);
        ctx.set_materialize_grads(false);
        using var scope = NewDisposeScope();
        return x.gt(0).to_type(x.dtype).MoveToOuterDisposeScope();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        if (grad is null || grad.IsInvalid) return [null!, null!, null!];
        using var scope = NewDisposeScope();
        var x = ctx.get_saved_variables()[0];
        var psi = new TriangleSurrogate((double)ctx.get_data("gamma"), (double)ctx.get_data("s")).Psi(x);
        List<Tensor> result = [(grad * psi).MoveToOuterDisposeScope(), null!, null!];
        ctx.save_data("grads", result);     // keeps the wrapper alive until libtorch has taken its reference
        return result;
    }
}
