using System.Text.RegularExpressions;

namespace Parsimony.Geometry;

/// <summary>Parses space names as the command line spells them.</summary>
public static partial class Spaces
{
    /// <summary>The names <see cref="Parse"/> accepts, for help texts and error messages.</summary>
    public const string Help = "torus, torusK (k-torus, e.g. torus6), klein, circle, sphere, s3, rK (Euclidean, e.g. r3), grid3, " +
                               "products joined by '*' (e.g. sphere*torus; alias mixedcurv)";

    /// <summary>
    /// The space called <paramref name="name"/>: <c>torus</c> (2-torus of side 10), <c>torusK</c>, <c>klein</c>,
    /// <c>circle</c>, <c>sphere</c>, <c>s3</c>/<c>sK</c>, <c>rK</c>, <c>grid3</c>, or a product <c>a*b</c>
    /// (<c>mixedcurv</c> = sphere*torus); null for any other name.
    /// </summary>
    public static ModuliSpace? TryParse(string name)
    {
        var key = name.Trim().ToLowerInvariant();
        if (key == "mixedcurv") key = "sphere*torus";
        if (key.Contains('*'))
        {
            var factors = key.Split('*').Select(TryParse).ToList();
            return factors.Any(f => f is null) ? null : new ProductSpace(factors!);
        }
        if (key is "torus" or "t2") return new FlatTorus(2);
        if (key is "klein") return new KleinBottle();
        if (key is "circle" or "s1") return new Sphere(1);
        if (key is "sphere" or "s2") return new Sphere(2);
        if (key is "grid3") return new Grid3D();
        if (Numbered().Match(key) is { Success: true } m && int.TryParse(m.Groups[2].Value, out int k) && k is >= 1 and <= 64)
            return m.Groups[1].Value switch
            {
                "torus" or "t" => new FlatTorus(k),
                "s" => new Sphere(k),
                _ => new Euclidean(k),
            };
        return null;
    }

    /// <summary>The space called <paramref name="name"/> (see <see cref="TryParse"/>); a <see cref="ParsimonyException"/> listing the valid names otherwise.</summary>
    public static ModuliSpace Parse(string name) =>
        TryParse(name) ?? throw new ParsimonyException($"'{name}' is not a known space. Valid spaces: {Help}.");

    [GeneratedRegex("^(torus|t|s|r)([0-9]+)$")]
    private static partial Regex Numbered();
}
