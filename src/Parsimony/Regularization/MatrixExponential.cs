using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Regularization;

/// <summary>
/// The matrix exponential with a cheaper gradient than libtorch's: the forward is libtorch's <c>matrix_exp</c>
/// (Padé scaling and squaring), the backward the Fréchet derivative L(Aᵀ, G) (the adjoint of L(A, ·)) by differentiating
/// a scaled Taylor series and its squarings, three products per term, instead of the exponential of the 2N × 2N block
/// matrix [[Aᵀ, G], [0, Aᵀ]] that libtorch's backward computes. Works on one matrix or a stack [K, N, N].
/// </summary>
public static class MatrixExponential
{
    /// <summary>Terms of the Taylor series after scaling to ‖A/2^s‖₁ ≤ ½ (truncation below 3e-14 relative).</summary>
    public const int TaylorTerms = 12;

    /// <summary>exp(<paramref name="a"/>), differentiable with the Fréchet-derivative backward.</summary>
    public static Tensor Of(Tensor a) => ExpmFunction.apply(a);

    /// <summary>
    /// The Fréchet derivative L(X, E) = d/dt exp(X + tE) at t = 0 (of each matrix of a stack): with Y = X/2^s, the
    /// Horner recursion T ← I + Y T / k and its derivative dT ← (dY T + Y dT) / k, then s squarings T ← T², dT ← dT T + T dT.
    /// </summary>
    public static Tensor Frechet(Tensor x, Tensor direction)
    {
        using var scope = NewDisposeScope();
        double norm = x.abs().sum(-2).max().ToDouble();               // the largest 1-norm of the stack
        int s = norm > 0.5 ? (int)Math.Ceiling(Math.Log2(norm / 0.5)) : 0;
        double scale = Math.Pow(2, -s);
        var y = x * scale;
        var dy = direction * scale;
        var identity = eye(x.shape[^1], dtype: x.dtype, device: x.device);
        Tensor t = identity.expand_as(x), dt = zeros_like(x);
        for (int k = TaylorTerms; k >= 1; k--)
        {
            var next = identity + y.matmul(t) / k;
            dt = (dy.matmul(t) + y.matmul(dt)) / k;
            t = next;
        }
        for (int i = 0; i < s; i++)
        {
            dt = dt.matmul(t) + t.matmul(dt);
            t = t.matmul(t);
        }
        return dt.MoveToOuterDisposeScope();
    }

    sealed class ExpmFunction : autograd.SingleTensorFunction<ExpmFunction>
    {
        public override string Name => "MatrixExpFrechet";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var a = (Tensor)vars[0];
            ctx.save_for_backward([a]);
            using var _ = no_grad();
            return a.matrix_exp();
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
        {
            var a = ctx.get_saved_variables()[0];
            using var _ = no_grad();
            List<Tensor> result = [Frechet(a.transpose(-1, -2), grad)];
            ctx.save_data("grads", result);     // keeps the wrapper alive until libtorch has taken its reference
            return result;
        }
    }
}
