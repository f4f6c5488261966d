using static TorchSharp.torch;

namespace Parsimony.Tests.Core;

public class HostMemoryTests
{
    [Fact]
    public void AllocatorTuningTakesEffectOnGlibcAndLeavesResultsAlone()
    {
        if (!OperatingSystem.IsLinux()) return;
        float Product()
        {
            using var g = new Generator(7, CPU);
            using var scope = NewDisposeScope();
            return randn([2000, 3000], generator: g).matmul(randn([3000, 50], generator: g)).sum().item<float>();   // 24 MB blocks, as in training
        }
        var before = Product();
        Assert.True(HostMemory.KeepFreedBlocks(), "mallopt did not accept the settings: not glibc?");
        Assert.Equal(before, Product());
    }
}
