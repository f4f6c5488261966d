using Parsimony.Analysis;
using Parsimony.Recordings;

namespace Parsimony.Tests.Analysis;

/// <summary>Rate maps of circularly shifted spike trains (the shuffle null) from the cells' spike lists.</summary>
public class ShiftedCurvesTests
{
    [Fact]
    public void ShiftedMapsFromSpikeListsEqualTheMapsOfTheShiftedCounts()
    {
        var rng = new Random(4);
        int samples = 3000, cells = 5;
        var x = Enumerable.Range(0, samples).Select(t => 50 + 45 * Math.Sin(t / 97.0)).ToArray();
        var y = Enumerable.Range(0, samples).Select(t => 50 + 45 * Math.Cos(t / 61.0)).ToArray();
        var counts = Enumerable.Range(0, cells).Select(_ => Enumerable.Range(0, samples).Select(_ => rng.NextDouble() < 0.05 ? rng.Next(1, 3) : 0.0).ToArray()).ToArray();
        var clock = SampleClock.Regular(samples, 30);
        var recording = Recording.FromCounts("walk", StimulusKind.Position, clock.Times, clock.SampleSeconds, [x, y], counts,
                                             Enumerable.Range(0, cells).Select(c => $"c{c}").ToArray());
        var options = new RateMapOptions(Bins: 12, Extent: [0, 100, 0, 100], Smooth: 1.5, MinOccupancy: 0.2);
        var binned = new BinnedRecording(recording, options);
        foreach (int shift in new[] { 1, 7, 1499, samples - 1, samples + 3, -2 })
        {
            int s = ((shift % samples) + samples) % samples;
            var shifted = new double[recording.Counts.Length];
            for (int t = 0; t < samples; t++) recording.Counts.AsSpan(((t - s + samples) % samples) * cells, cells).CopyTo(shifted.AsSpan(t * cells));
            var expected = new BinnedRecording(recording with { Counts = shifted }, options).Curves();
            var actual = binned.Curves(shift);
            Assert.Equal(expected.SpikeCounts, actual.SpikeCounts);
            Assert.Equal(expected.OccupancySeconds, actual.OccupancySeconds);
            for (int c = 0; c < cells; c++) Assert.Equal(expected.Rates[c], actual.Rates[c]);
        }
    }
}
