using Parsimony.Tasks.Navigation;
using static TorchSharp.torch;

namespace Parsimony.Tests.Tasks;

public class NavigationTaskTests
{
    [Fact]
    public void VelocitiesIntegrateExactlyToThePositionsInsideTheBox()
    {
        var generator = new TrajectoryGenerator();
        using var b = generator.Batch(seed: 3, index: 0, batch: 200, CPU);
        Assert.Equal([50L, 200, 2], b.Velocity.shape);
        using var integrated = b.Start.unsqueeze(0) + b.Velocity.cumsum(0);
        Assert.True((integrated - b.Position).abs().max().item<float>() < 1e-4, $"integration error {(integrated - b.Position).abs().max().item<float>()}");
        // As in the reference, a fast step taken from just outside the 3 cm border can cross the wall by a few cm.
        Assert.True(b.Position.abs().max().item<float>() < 1.1 + 0.1, $"max |position| {b.Position.abs().max().item<float>()}");
        Assert.True((b.Position.abs() > 1.1).to(float32).mean().item<float>() < 0.01);
        double meanSpeed = linalg.vector_norm(b.Velocity, 2, [-1], false).mean().item<float>() / 0.02;
        Assert.InRange(meanSpeed, 0.6, 1.1); // Rayleigh(0.817) has mean 1.02 m/s; wall slow-downs lower it
    }

    [Fact]
    public void BatchesDependOnlyOnSeedAndIndex()
    {
        var generator = new TrajectoryGenerator();
        using var a = generator.Batch(7, 12, 16, CPU);
        using var b = generator.Batch(7, 12, 16, CPU);
        using var c = generator.Batch(7, 13, 16, CPU);
        Assert.True(a.Velocity.equal(b.Velocity).all().item<bool>());
        Assert.False(a.Velocity.equal(c.Velocity).all().item<bool>());
    }

    [Fact]
    public void PlaceCodesAreDistributionsThatDecodeToTheirPosition()
    {
        using var cells = new PlaceCells(512, 2.2, 0.12, seed: 0, CPU);
        using var g = new Generator(5, CPU);
        using var positions = empty(100, 2).uniform_(-0.9, 0.9, g);
        using var code = cells.Encode(positions);
        Assert.True((code.sum(-1) - 1).abs().max().item<float>() < 1e-5);
        Assert.Equal(0, code.min().item<float>(), 6);
        using var decoded = cells.Decode(code);
        double cm = linalg.vector_norm(decoded - positions, 2, [-1], false).mean().item<float>() * 100;
        Assert.True(cm < 8, $"decoding the true code is off by {cm} cm");
    }
}
