using Parsimony.Tasks.Blobs;

namespace Parsimony.Tests.Tasks.Blobs;

/// <summary>The blob task against spec neuro_models.md §D.1 and acceptance check D1.</summary>
public class BlobTaskTests
{
    static readonly BlobTask Task = new();

    [Fact]
    public void InputsHaveUnitFrobeniusNormAndContextsAreOneOverRootFifty()
    {
        var x = Task.InputMatrix();
        double stimulus = 0, context = 0;
        for (int i = 0; i < BlobTask.Items; i++)
        {
            for (int j = 0; j < 25; j++) stimulus += x[i * 27 + j] * x[i * 27 + j];
            for (int c = 0; c < 2; c++)
            {
                double v = x[i * 27 + 25 + c];
                Assert.Equal(c == BlobTask.ContextOf(i) ? 1 / Math.Sqrt(50) : 0, v, 15);
                context += v * v;
            }
        }
        Assert.Equal(1, stimulus, 12);
        Assert.Equal(1, context, 12);
    }

    [Fact]
    public void FortyItemsAreInformativeAndEachContextRewardsOneFeatureWithTheSignFlipped()
    {
        Assert.Equal(40, Task.Targets.Count(y => y != 0));
        for (int i = 0; i < BlobTask.Items; i++)
        {
            int relevant = BlobTask.ContextOf(i) == 0 ? BlobTask.LeafOf(i) : BlobTask.BranchOf(i);
            Assert.Equal(-(-2 + relevant), Task.Targets[i], 12);          // y = −reward, reward ∈ linspace(−2, 2, 5)
        }
        Assert.Equal(2, Task.Targets[0]);                                 // north, b = l = level 1
        Assert.Equal(new[] { 2.0, 1, 0, -1, -2 }, Task.Targets[..5]);    // the inner loop runs over l
        Assert.Equal(new[] { 2.0, 2, 2, 2, 2 }, Task.Targets[25..30]);   // south, b = level 1: only b counts
    }

    [Fact]
    public void EachBlobPeaksAtTheGridPointNearestItsCentreAndMatchesTheGaussian()
    {
        for (int s = 0; s < BlobTask.Stimuli; s++)
        {
            var row = Task.StimulusMatrix.AsSpan(s * 25, 25).ToArray();
            int b = s / 5, l = s % 5;
            int peak = Array.IndexOf(row, row.Max());
            double cb = 0.2 + 0.15 * b, cl = 0.2 + 0.15 * l;
            int nearest = Enumerable.Range(0, 25).MinBy(g => Math.Pow(g / 5 * 0.25 - cb, 2) + Math.Pow(g % 5 * 0.25 - cl, 2));
            Assert.Equal(nearest, peak);
            // ratio of two grid values is the Gaussian's, independent of both normalisations
            double Expect(int g) => Math.Exp(-(Math.Pow(g / 5 * 0.25 - cb, 2) + Math.Pow(g % 5 * 0.25 - cl, 2)) / (2 * 0.08));
            Assert.Equal(Expect(0) / Expect(24), row[0] / row[24], 10);
        }
    }

    [Fact]
    public void CongruentAndIncongruentItemsAreEightStimuliEachPerContext()
    {
        Assert.Equal(16, Enumerable.Range(0, 50).Count(BlobTask.Congruent));
        Assert.Equal(16, Enumerable.Range(0, 50).Count(BlobTask.Incongruent));
        foreach (int i in Enumerable.Range(0, 50).Where(BlobTask.Congruent))
            Assert.Equal(Math.Sign(2 - BlobTask.LeafOf(i)), Math.Sign(2 - BlobTask.BranchOf(i)));
    }
}
