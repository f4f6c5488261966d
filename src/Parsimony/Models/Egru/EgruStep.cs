using static TorchSharp.torch;

namespace Parsimony.Models.Egru;

/// <summary>The state an EGRU layer carries between steps: output y (sparse), internal cell state h (post-reset) and the output trace.</summary>
/// <param name="Y">y_t = o_t·c_t [B, N].</param>
/// <param name="H">h_t = c_t − o_t·ϑ [B, N].</param>
/// <param name="Trace">tr_t = 0.9·tr_{t−1} + 0.1·y_t [B, N].</param>
public sealed record EgruState(Tensor Y, Tensor H, Tensor Trace)
{
    /// <summary>The initial state: y₀ (zeros when null), h₀ = 0 and tr₀ = 0 always (spec §A.1).</summary>
    public static EgruState Initial(long batch, long hidden, ScalarType dtype, Device device, Tensor? y0 = null) =>
        new(y0 ?? zeros([batch, hidden], dtype, device), zeros([batch, hidden], dtype, device), zeros([batch, hidden], dtype, device));
}

/// <summary>The weights of one EGRU layer in PyTorch's layout, gate blocks (z, r, g) along dim 0.</summary>
/// <param name="InputWeight">W [3N, I].</param>
/// <param name="RecurrentWeight">R [3N, N] (after DropConnect, when used).</param>
/// <param name="InputBias">b_x [3N].</param>
/// <param name="RecurrentBias">b_r [3N].</param>
/// <param name="Threshold">ϑ [N].</param>
public sealed record EgruWeights(Tensor InputWeight, Tensor RecurrentWeight, Tensor InputBias, Tensor RecurrentBias, Tensor Threshold);

/// <summary>
/// One EGRU time step, op by op in TorchSharp (spec §A.1, EvNN's kernel equations): cuDNN/v1 reset placement (r gates
/// the recurrent pre-activation including its bias), value-carrying output, subtractive reset, strict H(0) = 0 and the
/// output trace. The maths once: the layer's autograd backend and the kernel's reference are this function.
/// </summary>
public static class EgruStep
{
    /// <summary>The input projection x W + b_x for every step at once ([T, B, I] → [T, B, 3N]).</summary>
    public static Tensor InputProjection(Tensor x, EgruWeights w) => x.matmul(w.InputWeight.t()) + w.InputBias;

    /// <summary>
    /// The next state and the event flags o_t and distances x_t = c_t − ϑ from the projected input <paramref name="px"/>
    /// [B, 3N]. <paramref name="keep"/> is the zoneout factor k: c ← h_{t−1} + k·(c − h_{t−1}) (a 0/1 mask in training,
    /// 1 − p in evaluation, null without zoneout). <paramref name="fire"/> maps x to o (default: H with the triangle's
    /// gradient); tests pass a frozen-Heaviside variant.
    /// </summary>
    public static (EgruState Next, Tensor Events, Tensor Distance) Step(EgruWeights w, Tensor px, EgruState state, TriangleSurrogate surrogate,
                                                                       Tensor? keep = null, Func<Tensor, Tensor>? fire = null)
    {
        var pr = state.Y.matmul(w.RecurrentWeight.t()) + w.RecurrentBias;
        var p = px.chunk(3, -1);
        var q = pr.chunk(3, -1);
        var z = (p[0] + q[0]).sigmoid();
        var r = (p[1] + q[1]).sigmoid();
        var g = (p[2] + r * q[2]).tanh();
        var c = z * state.H + (1 - z) * g;
        if (keep is not null) c = state.H + keep * (c - state.H);
        var x = c - w.Threshold;
        var o = fire is null ? surrogate.Fire(x) : fire(x);
        var y = o * c;
        var h = c - o * w.Threshold;
        var trace = 0.9 * state.Trace + 0.1 * y;
        return (new EgruState(y, h, trace), o, x);
    }
}
