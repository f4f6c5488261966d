using Parsimony.Tasks.YinYang;

namespace Parsimony.Tests.Tasks.YinYang;

/// <summary>P6 of spec egru_eventprop.md §C.4: the generator reproduces the published splits bit for bit.</summary>
public class YinYangDatasetTests
{
    [Fact]
    public void TheNumpyLegacyGeneratorMatchesMt19937()
    {
        // MT19937 seeded with init_genrand(5489) (its reference default): the 10,000th output is 4123659995.
        var rng = new NumpyLegacyRandom(5489);
        uint last = 0;
        for (int i = 0; i < 10_000; i++) last = rng.NextUInt32();
        Assert.Equal(4123659995u, last);
    }

    [Fact]
    public void TheSplitsAreThePublishedOnes()
    {
        var train = YinYangDataset.Published("train");
        Assert.Equal(5000, train.Length);
        (double X, double Y, int Label)[] first =
        [
            (0.6803075385877797, 0.450499251969543, 2), (0.09767211400638387, 0.6842330265121569, 1), (0.7553614103176525, 0.4251558744912447, 2),
            (0.5978999788110851, 0.9218742350231168, 1), (0.32533033076326434, 0.388677289689482, 1),
        ];
        for (int i = 0; i < first.Length; i++)
        {
            Assert.Equal(first[i].X, train[i].X);                         // bit-exact, no tolerance
            Assert.Equal(first[i].Y, train[i].Y);
            Assert.Equal(first[i].Label, train[i].Label);
        }
        Assert.Equal([1681, 1702, 1617], Counts(train));
        Assert.Equal([316, 336, 348], Counts(YinYangDataset.Published("validation")));
        Assert.Equal([350, 316, 334], Counts(YinYangDataset.Published("test")));
        Assert.All(train, s => Assert.Equal(s.Label, YinYangDataset.ClassOf(s.X, s.Y)));
    }

    [Fact]
    public void TheEncodingIsFiveLatenciesAndABias()
    {
        var spikes = new YinYangEncoding().Encode(new YinYangSample(0.2, 0.7, 1));
        Assert.Equal([0.0, 0.2 * 30, (1 - 0.7) * 30, 0.7 * 30, (1 - 0.2) * 30], spikes.Times, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([4, 0, 3, 1, 2], spikes.Sources);
    }

    static int[] Counts(YinYangSample[] samples) => [.. Enumerable.Range(0, 3).Select(c => samples.Count(s => s.Label == c))];
}
