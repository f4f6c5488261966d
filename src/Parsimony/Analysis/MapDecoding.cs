namespace Parsimony.Analysis;

/// <summary>Decoding accuracies of a population from its rate maps.</summary>
/// <param name="NaiveBayes">Leave-one-out accuracy of naive Bayes on activity binarised at each unit's mean.</param>
/// <param name="Linear">Held-out accuracy of a linear (softmax) classifier on the rates.</param>
public readonly record struct MapDecodingResult(double NaiveBayes, double Linear);

/// <summary>
/// Decoding a coarse stimulus from the population vector of every visited map bin (the tuning, not single noisy
/// steps), as in the self-supervised information runs: naive Bayes on activity binarised at each unit's mean over the
/// visited bins, and a linear classifier on the rates, each over <see cref="StimulusBinning.Coarse"/> classes.
/// </summary>
public static class MapDecoding
{
    /// <summary>
    /// Accuracies for <paramref name="maps"/> [unit][bin] with <paramref name="occupancy"/> per bin; the naive Bayes
    /// classes cut each stimulus axis into <paramref name="bayesParts"/>, the linear ones into <paramref name="linearParts"/>.
    /// </summary>
    public static MapDecodingResult Accuracy(double[][] maps, double[] occupancy, StimulusBinning binning, int bayesParts, int linearParts)
    {
        var visited = Enumerable.Range(0, binning.Count).Where(b => occupancy[b] > 0).ToArray();
        var means = maps.Select(map => visited.Average(b => map[b])).ToArray();
        var vectors = visited.Select(b => maps.Select(map => map[b]).ToArray()).ToArray();
        var binary = vectors.Select(v => v.Select((x, u) => x > means[u] ? 1.0 : 0).ToArray()).ToArray();
        double bayes = Decoders.NaiveBayesLeaveOneOut(binary, visited.Select(b => binning.Coarse(b, bayesParts)).ToArray(), Classes(binning, bayesParts));
        double linear = Decoders.LinearClassifier(vectors, visited.Select(b => binning.Coarse(b, linearParts)).ToArray(), Classes(binning, linearParts));
        return new MapDecodingResult(bayes, linear);
    }

    /// <summary>Classes when each axis is cut into <paramref name="parts"/>.</summary>
    public static int Classes(StimulusBinning binning, int parts) => binning.Kind == Recordings.StimulusKind.Angle ? parts : parts * parts;
}
