using Parsimony.Models.Egru;
using TorchSharp;
using static TorchSharp.torch;

namespace Parsimony.Tests.Models.Egru;

/// <summary>Shared set-up of the EGRU tests: seeded layers and inputs, the loss Σ a·y + b·h + c·tr + d·o and its gradients.</summary>
static class EgruTesting
{
    /// <summary>A seeded layer in <paramref name="dtype"/>.</summary>
    public static EgruLayer Layer(int inputs, int hidden, EgruSpec spec, long seed = 1, ScalarType dtype = ScalarType.Float64)
    {
        var layer = RngStreams.Seeded(seed, () => new EgruLayer(inputs, hidden, spec));
        layer.to(dtype);
        return layer;
    }

    /// <summary>Standard-normal input [T, B, I] times <paramref name="scale"/>.</summary>
    public static Tensor Input(long steps, long batch, long inputs, ulong seed = 7, double scale = 1.5, ScalarType dtype = ScalarType.Float64)
    {
        using var g = new Generator(seed, CPU);
        return randn([steps, batch, inputs], dtype: dtype, generator: g) * scale;
    }

    /// <summary>The weights a, b, c, d of the test loss, uniform in [−1, 1], [T, B, N] each.</summary>
    public static Tensor[] LossWeights(long steps, long batch, long hidden, ulong seed = 11, ScalarType dtype = ScalarType.Float64, bool events = true)
    {
        using var g = new Generator(seed, CPU);
        var w = Enumerable.Range(0, 4).Select(_ => rand([steps, batch, hidden], dtype: dtype, generator: g) * 2 - 1).ToArray();
        if (!events) w[3] = zeros_like(w[3]);
        return w;
    }

    /// <summary>Σ a·y + b·h + c·tr + d·o.</summary>
    public static Tensor Loss(EgruLayerOutput o, Tensor[] w) => (w[0] * o.Y).sum() + (w[1] * o.H).sum() + (w[2] * o.Trace).sum() + (w[3] * o.O).sum();

    /// <summary>Outputs and gradients (x, y₀ when given, then every parameter by name) of the test loss on <paramref name="backend"/>.</summary>
    public static (EgruLayerOutput Output, Dictionary<string, Tensor> Grads) Run(EgruLayer layer, Tensor x, Tensor? y0, EgruBackend backend, Tensor[] w)
    {
        layer.Backend = backend;
        layer.zero_grad();
        var xg = x.detach().clone().requires_grad_();
        var y0g = y0?.detach().clone().requires_grad_();
        var output = layer.Forward(xg, y0g);
        Loss(output, w).backward();
        var grads = new Dictionary<string, Tensor> { ["x"] = xg.grad!.clone() };
        if (y0g is not null) grads["y0"] = y0g.grad!.clone();
        foreach (var (name, p) in layer.named_parameters()) grads[name] = p.grad!.clone();
        var detached = new EgruLayerOutput(output.Y.detach(), output.H.detach(), output.O.detach(), output.Trace.detach());
        return (detached, grads);
    }

    /// <summary>Equal shapes and equal values everywhere (−0 = +0).</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>max |a − b|.</summary>
    public static double MaxDiff(Tensor a, Tensor b) => (a.to_type(ScalarType.Float64) - b.to_type(ScalarType.Float64)).abs().max().item<double>();

    /// <summary>max |a − b| / max(1, max |b|).</summary>
    public static double RelDiff(Tensor a, Tensor b) => MaxDiff(a, b) / Math.Max(1, b.to_type(ScalarType.Float64).abs().max().item<double>());
}
