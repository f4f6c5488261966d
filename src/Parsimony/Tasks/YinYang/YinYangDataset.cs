namespace Parsimony.Tasks.YinYang;

/// <summary>One Yin-Yang sample: a point of the unit square and its class (0, 1 or 2; 2 = the dots).</summary>
/// <param name="X">x in [0, 1).</param>
/// <param name="Y">y in [0, 1).</param>
/// <param name="Label">The class.</param>
public readonly record struct YinYangSample(double X, double Y, int Label);

/// <summary>
/// The Yin-Yang data set (Kriener et al. 2022) generated exactly as the published splits (spec §B.6): points drawn by
/// rejection inside the big circle (R = 0.5, dots of radius r = 0.1) until they hit a class drawn uniformly first, with
/// NumPy's legacy generator — train 5,000 (seed 42), validation 1,000 (seed 41), test 1,000 (seed 40). Class 1 is the
/// "is yin" region; the published class-name list does not match the indices, so only numbers are used.
/// </summary>
public static class YinYangDataset
{
    const double BigRadius = 0.5, SmallRadius = 0.1;

    /// <summary>The published seed and size of a split.</summary>
    public static (uint Seed, int Size) Split(string name) => name switch
    {
        "train" => (42, 5000),
        "validation" => (41, 1000),
        "test" => (40, 1000),
        _ => throw new ArgumentException($"No Yin-Yang split '{name}' (train, validation, test).", nameof(name)),
    };

    /// <summary>The published split <paramref name="name"/>.</summary>
    public static YinYangSample[] Published(string name)
    {
        var (seed, size) = Split(name);
        return Generate(seed, size);
    }

    /// <summary><paramref name="size"/> samples from <c>RandomState(<paramref name="seed"/>)</c>.</summary>
    public static YinYangSample[] Generate(uint seed, int size)
    {
        var rng = new NumpyLegacyRandom(seed);
        var samples = new YinYangSample[size];
        for (int s = 0; s < size; s++)
        {
            int goal = rng.RandInt(3);
            double x, y;
            do
            {
                x = rng.Rand() * 2 * BigRadius;
                y = rng.Rand() * 2 * BigRadius;
            }
            while (Distance(x, y, BigRadius, BigRadius) > BigRadius || ClassOf(x, y) != goal);
            samples[s] = new YinYangSample(x, y, goal);
        }
        return samples;
    }

    /// <summary>The class of a point inside the big circle.</summary>
    public static int ClassOf(double x, double y)
    {
        double right = Distance(x, y, 1.5 * BigRadius, BigRadius), left = Distance(x, y, 0.5 * BigRadius, BigRadius);
        bool yin = right <= SmallRadius || left > SmallRadius && left <= 0.5 * BigRadius || y > BigRadius && right > 0.5 * BigRadius;
        return right < SmallRadius || left < SmallRadius ? 2 : yin ? 1 : 0;
    }

    /// <summary>Whether a point lies inside the big circle (where the classes are defined).</summary>
    public static bool Inside(double x, double y) => Distance(x, y, BigRadius, BigRadius) <= BigRadius;

    static double Distance(double x, double y, double cx, double cy) => Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
}
