using Parsimony.Tasks.HeadDirection;
using Parsimony.Tasks.Navigation;
using static TorchSharp.torch;

namespace Parsimony.Tests.Tasks;

public class HeadDirectionTaskTests
{
    [Fact]
    public void RingCellsPeakAtTheHeadingAndSumToOne()
    {
        using var ring = new RingCells(12, 0.4, CPU);
        var angles = tensor(new[] { 0f, (float)(Math.PI / 2), (float)(-Math.PI + 0.01) });
        var code = ring.Encode(angles);
        Assert.Equal(new long[] { 0, 3, 6 }, code.argmax(-1).data<long>().ToArray());
        Assert.All(code.sum(-1).data<float>().ToArray(), s => Assert.Equal(1, s, 5));
        Assert.True(code.min().item<float>() >= 0);
    }

    [Fact]
    public void HeadingIntegrationSumsToTheHeadingVector()
    {
        using var batch = new TrajectoryGenerator(HeadingIntegration.WalkBox, 30).Batch(4, 0, 5, CPU);
        var (input, heading) = HeadingIntegration.Of(batch);
        var direction = stack([heading.cos(), heading.sin()], -1);
        var integrated = direction[..1] + input.cumsum(0);                      // the first step's input is zero
        Assert.True(integrated.allclose(direction, atol: 1e-5));
        Assert.True((input[0] == 0).all().item<bool>());
    }
}
