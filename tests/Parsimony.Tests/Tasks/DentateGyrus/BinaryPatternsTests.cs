using Parsimony.Tasks.DentateGyrus;

namespace Parsimony.Tests.Tasks.DentateGyrus;

/// <summary>Check B1 (spec neuro_models.md §B.9): the input set.</summary>
public class BinaryPatternsTests
{
    [Fact]
    public void TheSevenBitSetHasEveryPatternOnceSortedByActiveBitsWithTheZeroPatternFirst()
    {
        var patterns = BinaryPatterns.All(7);
        Assert.Equal(128, patterns.Length);
        Assert.All(patterns, p => Assert.Equal(7, p.Length));
        Assert.All(patterns, p => Assert.All(p, v => Assert.True(v is 0 or 1)));
        Assert.All(patterns[0], v => Assert.Equal(0, v));
        var counts = patterns.Select(p => p.Sum()).ToArray();
        for (int i = 1; i < counts.Length; i++) Assert.True(counts[i] >= counts[i - 1], $"pattern {i} has fewer active bits than pattern {i - 1}");
        Assert.Equal(128, patterns.Select(p => string.Join("", p)).Distinct().Count());
        Assert.Equal(new[] { 1, 7, 21, 35, 35, 21, 7, 1 }, counts.GroupBy(c => c).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1], patterns[1]);   // within a count, the order of the binary numbers
        Assert.Equal([1, 0, 0, 0, 0, 0, 0], patterns[7]);
    }
}
