using static TorchSharp.torch;

namespace Parsimony.Tests.Core;

public class HostMemoryTests
{
    [Fact]
    public void AllocatorTuningTakesEffectOnGlibcAndLeavesResultsAlone()
    {
        if (!OperatingSystem.IsLinux()) return;
        random.manual_seed(7);
        var before = randn(2000, 3000).matmul(randn(3000, 50)).sum().item<float>();   // 24 MB blocks, as in training
        Assert.True(HostMemory.KeepFreedBlocks(), "mallopt did not accept the settings: not glibc?");
        random.manual_seed(7);
        Assert.Equal(before, randn(2000, 3000).matmul(randn(3000, 50)).sum().item<float>());
    }
}
