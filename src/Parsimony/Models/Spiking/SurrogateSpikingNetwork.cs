using Parsimony.Spiking;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Models.Spiking;

/// <summary>
/// The common alternative to EventProp (snnTorch/Norse style): the same LIF network with current synapses on a time
/// grid of step dt, trained by backpropagation through time with a surrogate gradient. Each step integrates exactly
/// (V ← αV + κ(α − β)I, I ← βI), a hidden neuron spikes where V ≥ ϑ — forward the Heaviside step, backward the
/// SuperSpike derivative 1/(1 + σ|V − ϑ|)² — and resets to 0 (the reset detached from the graph, as these libraries
/// do); the read-out is leaky-integrator neurons whose maximum voltage over the grid are the logits. float32.
/// </summary>
public sealed class SurrogateSpikingNetwork : nn.Module<Tensor, Tensor>
{
    readonly Parameter input, output;
    // Scalars held by the module: implicit double → Scalar conversions make temporaries that the finalizer may free while
    // libtorch still reads them (seen as "toDouble … Expected false to be true" when figures run the network in parallel).
    readonly Scalar alpha, beta, gain, threshold, slope, one, zero;

    /// <summary>A network of <paramref name="channels"/> → <paramref name="hidden"/> LIF → <paramref name="classes"/> leaky integrators, weights from <paramref name="initial"/>.</summary>
    public SurrogateSpikingNetwork(LifNeuron neuron, double dt, double slope, NetworkWeights initial, int channels, int hidden, int classes) : base("surrogate")
    {
        double a = Math.Exp(-dt / neuron.TauMem), b = Math.Exp(-dt / neuron.TauSyn);
        alpha = a.ToScalar();
        beta = b.ToScalar();
        gain = (neuron.Kappa * (a - b)).ToScalar();
        threshold = neuron.Threshold.ToScalar();
        this.slope = slope.ToScalar();
        one = 1.0.ToScalar();
        zero = 0.0.ToScalar();
        input = new Parameter(tensor(initial.Forward[0].Select(v => (float)v).ToArray(), [channels, hidden]));
        output = new Parameter(tensor(initial.Forward[1].Select(v => (float)v).ToArray(), [hidden, classes]));
        register_parameter("input_weight_t", input);
        register_parameter("output_weight_t", output);
    }

    /// <summary>The read-out's maximum voltage [batch, classes] for an input raster [steps, batch, channels] of 0/1 spikes.</summary>
    public override Tensor forward(Tensor raster)
    {
        long steps = raster.shape[0], batch = raster.shape[1];
        var drive = raster.matmul(input);                                             // [steps, batch, hidden]: every arrival at once
        var i1 = zeros([batch, input.shape[1]]);
        var v1 = zeros([batch, input.shape[1]]);
        var i2 = zeros([batch, output.shape[1]]);
        var v2 = zeros([batch, output.shape[1]]);
        var max = zeros([batch, output.shape[1]]);
        for (long t = 0; t < steps; t++)
        {
            var z = Spike(v1.sub(threshold));
            v1 = v1 - v1 * z.detach();
            i1 = i1 + drive[t];
            i2 = i2 + z.matmul(output);
            max = maximum(max, v2);
            v1 = v1.mul(alpha) + i1.mul(gain);
            i1 = i1.mul(beta);
            v2 = v2.mul(alpha) + i2.mul(gain);
            i2 = i2.mul(beta);
        }
        return maximum(max, v2);
    }

    /// <summary>Heaviside forward, SuperSpike derivative backward: H(x) + s(x) − s(x) detached, s(x) = x/(1 + σ|x|).</summary>
    Tensor Spike(Tensor x)
    {
        var smooth = x / x.abs().mul(slope).add(one);
        return x.ge(zero).to(ScalarType.Float32).detach() + smooth - smooth.detach();
    }

    /// <summary>The weights in PyTorch's layout ([out, in]).</summary>
    public IReadOnlyDictionary<string, Tensor> Export() => new Dictionary<string, Tensor>
    {
        ["layer0.weight"] = input.detach().t().contiguous(),
        ["layer1.weight"] = output.detach().t().contiguous(),
    };
}
