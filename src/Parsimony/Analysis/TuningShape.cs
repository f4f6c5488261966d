namespace Parsimony.Analysis;

/// <summary>Shape scores of circular tuning curves (head-direction cells).</summary>
public static class TuningShape
{
    /// <summary>Length of the mean resultant vector of a tuning curve over equal arcs: 1 for a single direction, 0 for flat or symmetric tuning.</summary>
    public static double ResultantLength(double[] curve)
    {
        double c = 0, s = 0, total = curve.Sum();
        if (total <= 0) return 0;
        for (int b = 0; b < curve.Length; b++)
        {
            double a = (b + 0.5) * 2 * Math.PI / curve.Length;
            c += curve[b] * Math.Cos(a);
            s += curve[b] * Math.Sin(a);
        }
        return Math.Sqrt(c * c + s * s) / total;
    }

    /// <summary>Peaks of a circular tuning curve (smoothed by one bin): local maxima above half the maximum, adjacent ones merged.</summary>
    public static int Peaks(double[] curve)
    {
        var smooth = GaussianSmoothing.Smooth(curve, curve.Length, 1, 1, circular: true);
        double half = smooth.Max() / 2;
        int n = smooth.Length, peaks = 0;
        for (int b = 0; b < n; b++)
            if (smooth[b] > half && smooth[b] >= smooth[(b + n - 1) % n] && smooth[b] > smooth[(b + 1) % n]) peaks++;
        return peaks;
    }
}
