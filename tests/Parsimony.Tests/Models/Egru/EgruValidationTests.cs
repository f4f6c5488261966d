using Parsimony.Models.Egru;
using static TorchSharp.torch;
using static Parsimony.Tests.Models.Egru.EgruTesting;

namespace Parsimony.Tests.Models.Egru;

/// <summary>Bad hyperparameters and bad input give messages that say what is wrong.</summary>
public class EgruValidationTests
{
    static EgruSpec Good => new(3, [4, 2]);

    public static TheoryData<string, EgruSpec> BadSpecs => new()
    {
        { "InputSize", Good with { InputSize = 0 } },
        { "HiddenSizes", Good with { HiddenSizes = [] } },
        { "HiddenSizes", Good with { HiddenSizes = [4, 0] } },
        { "ThresholdMean", Good with { ThresholdMean = 0 } },
        { "Dampening", Good with { Dampening = 0 } },
        { "Support", Good with { Support = -1 } },
        { "Support", Good with { Support = double.PositiveInfinity } },
        { "DropConnect", Good with { DropConnect = 1 } },
        { "Zoneout", Good with { Zoneout = -0.1 } },
        { "GradClip", Good with { GradClip = double.NaN } },
        { "InitGain", Good with { InitGain = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void InvalidHyperparametersNameTheirProperty(string property, EgruSpec spec)
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        Assert.Equal(property, Assert.Throws<OptionException>(spec.Validate).Property);
        Assert.Equal(property, Assert.Throws<OptionException>(() => new EgruNetwork(spec)).Property);
    }

    [Theory]
    [InlineData(EgruBackend.Sparse)]
    [InlineData(EgruBackend.Autograd)]
    public void BadInputIsRefusedWithAClearMessage(EgruBackend backend)
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var layer = Layer(3, 4, Good);
        layer.Backend = backend;
        Assert.Contains("at least one step", Assert.Throws<ParsimonyException>(() => layer.Forward(zeros(0, 2, 3, float64))).Message);
        Assert.Contains("[steps, batch, 3]", Assert.Throws<ParsimonyException>(() => layer.Forward(zeros(5, 2, 4, float64))).Message);
        Assert.Contains("[steps, batch, 3]", Assert.Throws<ParsimonyException>(() => layer.Forward(zeros(5, 3, float64))).Message);
        var x = Input(5, 2, 3);
        x[2, 1, 0] = double.NaN;
        Assert.Contains("NaN or infinite", Assert.Throws<ParsimonyException>(() => layer.Forward(x)).Message);
        x[2, 1, 0] = double.PositiveInfinity;
        Assert.Contains("NaN or infinite", Assert.Throws<ParsimonyException>(() => layer.Forward(x)).Message);
        Assert.Contains("[2, 4]", Assert.Throws<ParsimonyException>(() => layer.Forward(Input(5, 2, 3), zeros(3, 4, float64))).Message);
        Assert.Contains("y0", Assert.Throws<ParsimonyException>(() => layer.Forward(Input(5, 2, 3), full(2, 4, double.NaN, float64))).Message);
        var net = RngStreams.Seeded(1, () => new EgruNetwork(Good));
        Assert.Contains("2 layers", Assert.Throws<ParsimonyException>(() => net.Forward(Input(5, 2, 3, dtype: ScalarType.Float32), [null])).Message);
    }

    [Fact]
    public void TheNetworkListsItsWeightsByStateName()
    {
        using var tensors = NewDisposeScope();                         // no tensor of the test is left to a finalizer
        var net = RngStreams.Seeded(1, () => new EgruNetwork(Good));
        Assert.Equal(["layers.0.weight_hh", "layers.1.weight_hh"], net.RecurrentWeights().Select(w => w.Name));
        Assert.All(net.RecurrentWeights(), w => Assert.Equal(3, w.Gates));
        Assert.Equal(4, net.PrunedWeights().Count);
        Assert.Equal(10, net.parameters().Count());
        Assert.Equal([12L, 3L], net.Layers[0].InputWeight.shape);
        Assert.Equal([6L, 2L], net.Layers[1].RecurrentWeight.shape);
        var y = net.Forward(Input(5, 2, 3, dtype: ScalarType.Float32));
        Assert.Equal([5L, 2L, 2L], y[1].Y.shape);
        Assert.Equal(ScalarType.Float32, y[1].Y.dtype);
    }
}
