using Parsimony.Models.Sernn;
using static TorchSharp.torch;

namespace Parsimony.Tests.Models.Sernn;

/// <summary>A stack of K Keras RNNs computes, and trains, exactly what the K networks compute and train one by one.</summary>
public class KerasRnnStackTests
{
    static List<KerasRnn> Networks() => [.. Enumerable.Range(0, 3).Select(s => RngStreams.Seeded(s + 1, () => new KerasRnn(4, 6, 3)))];

    [Fact]
    public void EachNetworkOfTheStackComputesItsOwnLogitsStatesAndGradients()
    {
        var singles = Networks();
        using var stack = new KerasRnnStack(singles);
        using var g = new Generator(7, CPU);
        using var x = randn(5, 9, 4, generator: g);
        using var y = tensor(new long[] { 0, 2, 1, 1, 0 });
        var logits = stack.call(x);
        Assert.Equal([3L, 5, 3], logits.shape);
        var (_, states) = stack.Run(x, keep: true);
        Assert.Equal([3L, 5, 9, 6], states!.shape);
        // Σ_k CE_k: each network's parameters get exactly that network's gradient.
        Enumerable.Range(0, 3).Select(k => nn.functional.cross_entropy(logits[k], y)).Aggregate((a, b) => a + b).backward();
        var stacked = stack.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        for (int k = 0; k < 3; k++)
        {
            var single = singles[k];
            var own = single.call(x);
            Assert.True(own.allclose(logits[k].detach(), rtol: 1e-5, atol: 1e-6), $"logits of network {k}");
            Assert.True(single.Run(x, keep: true).States!.allclose(states[k], rtol: 1e-5, atol: 1e-6), $"states of network {k}");
            nn.functional.cross_entropy(own, y).backward();
            foreach (var (name, p) in single.named_parameters())
            {
                var mine = stacked[name].grad![k];
                Assert.True(p.grad!.allclose(name.EndsWith("bias") ? mine[0] : mine, rtol: 1e-4, atol: 1e-6), $"gradient of {name}, network {k}");
            }
        }
    }

    [Fact]
    public void TheStackHoldsCopiesOfItsNetworksAndShapesMustAgree()
    {
        var singles = Networks();
        using var stack = new KerasRnnStack(singles);
        var stacked = stack.state_dict();
        foreach (var (name, p) in singles[2].named_parameters())
            Assert.True(p.allclose(name.EndsWith("bias") ? stacked[name][2, 0] : stacked[name][2], rtol: 0, atol: 0), name);
        using (no_grad()) singles[2].Recurrent.add_(1);
        Assert.False(singles[2].Recurrent.allclose(stack.Recurrent[2]));                     // a copy, not a view
        Assert.Throws<OptionException>(() => new KerasRnnStack([singles[0], RngStreams.Seeded(1, () => new KerasRnn(4, 5, 3))]));
        Assert.Throws<OptionException>(() => new KerasRnnStack([]));
    }
}
