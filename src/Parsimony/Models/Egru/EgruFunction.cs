using static TorchSharp.torch;

namespace Parsimony.Models.Egru;

/// <summary>How <see cref="EgruFunction"/> runs the kernel.</summary>
sealed record EgruCall(bool Sparse, TriangleSurrogate Surrogate, double GradClip, EgruMacs Macs);

/// <summary>
/// The fused kernel as a TorchSharp autograd function (CPU): vars = (x [T,B,I], y₀ [B,N] or null, W [3N,I], R [3N,N],
/// b_x, b_r, ϑ, zoneout factor [T,B,N] or null, <see cref="EgruCall"/>); outputs y, h, o, tr [T,B,N] in x's dtype;
/// the backward is the kernel's (spec §A.3), so gradients flow through all four outputs.
/// </summary>
sealed class EgruFunction : autograd.MultiTensorFunction<EgruFunction>
{
    public override string Name => "EgruKernel";

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var y0 = vars[1] as Tensor;
        var (w, r, bx, br, thr) = ((Tensor)vars[2], (Tensor)vars[3], (Tensor)vars[4], (Tensor)vars[5], (Tensor)vars[6]);
        var keep = vars[7] as Tensor;
        var call = (EgruCall)vars[8];
        var shape = new EgruShape((int)x.shape[0], (int)x.shape[1], (int)x.shape[2], (int)r.shape[1]);
        var input = new EgruKernelInput(shape, Doubles(x), y0 is null ? null : Doubles(y0), Doubles(w.t()), Doubles(r.t()),
                                        Doubles(bx), Doubles(br), Doubles(thr), keep is null ? null : Doubles(keep));
        var tape = EgruKernel.Forward(input, call.Sparse, call.Macs);
        ctx.set_materialize_grads(false);    // unused outputs arrive as undefined gradients (libtorch's zeros would need tensors kept past the caller's scope)
        ctx.save_data("tape", tape);
        ctx.save_data("call", call);
        ctx.save_data("dtype", x.dtype);
        ctx.save_data("dx", x.requires_grad);
        ctx.save_data("dy0", y0 is { requires_grad: true });
        long[] outShape = [shape.Steps, shape.Batch, shape.Units];
        return [Tensor(tape.Y, outShape, x.dtype), Tensor(tape.H, outShape, x.dtype), Tensor(tape.O, outShape, x.dtype), Tensor(tape.Trace, outShape, x.dtype)];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grads)
    {
        using var scope = NewDisposeScope();
        var tape = (EgruTape)ctx.get_data("tape");
        var call = (EgruCall)ctx.get_data("call");
        var dtype = (ScalarType)ctx.get_data("dtype");
        var s = tape.Input.Shape;
        var g = EgruKernel.Backward(tape, Doubles(grads, 0), Doubles(grads, 1), Doubles(grads, 2), Doubles(grads, 3), call.Surrogate,
                                    (bool)ctx.get_data("dx"), (bool)ctx.get_data("dy0"), call.GradClip, call.Macs);
        List<Tensor> result =
        [
            g.X is null ? null! : Tensor(g.X, [s.Steps, s.Batch, s.Inputs], dtype),
            g.Y0 is null ? null! : Tensor(g.Y0, [s.Batch, s.Units], dtype),
            Tensor(g.InputWeightT, [s.Inputs, s.Gates], dtype).t().contiguous(),
            Tensor(g.RecurrentWeightT, [s.Units, s.Gates], dtype).t().contiguous(),
            Tensor(g.InputBias, [s.Gates], dtype),
            Tensor(g.RecurrentBias, [s.Gates], dtype),
            Tensor(g.Threshold, [s.Units], dtype),
            null!,
            null!,
        ];
        foreach (var t in result) t?.MoveToOuterDisposeScope();
        ctx.save_data("grads", result);     // keeps the wrappers alive until libtorch has taken its references (no finalizer in between)
        return result;
    }

    static double[]? Doubles(List<Tensor> grads, int i) => i < grads.Count && grads[i] is { IsInvalid: false } g ? Doubles(g) : null;

    static double[] Doubles(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    static Tensor Tensor(double[] data, long[] shape, ScalarType dtype) => tensor(data, shape, ScalarType.Float64).to_type(dtype);
}
