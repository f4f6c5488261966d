using static TorchSharp.torch;

namespace Parsimony.Analysis;

/// <summary>Rate maps of model units: their activity binned by the stimulus of each time step.</summary>
public static class ActivityMaps
{
    /// <summary>
    /// Adds every sample of <paramref name="activity"/> [..., units] to <paramref name="maps"/>, binned by
    /// <paramref name="stimulus"/>: positions [..., 2] or angles [...] (radians), matching <paramref name="binning"/>.
    /// </summary>
    public static void Add(RateMapAccumulator maps, StimulusBinning binning, Tensor stimulus, Tensor activity)
    {
        int units = (int)activity.shape[^1];
        var rates = activity.reshape(-1, units).to(float64).cpu().data<double>().ToArray();
        var s = stimulus.to(float64).cpu().data<double>().ToArray();
        bool angle = binning.Kind == Recordings.StimulusKind.Angle;
        for (int i = 0; i < rates.Length / units; i++)
            maps.Add(angle ? binning.BinOf(s[i], 0) : binning.BinOf(s[2 * i], s[2 * i + 1]), rates.AsSpan(i * units, units));
    }
}
