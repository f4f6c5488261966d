using CsCheck;
using Parsimony.Geometry;
using static TorchSharp.torch;

namespace Parsimony.Tests.Geometry;

public class SpaceTests
{
    static Tensor Matrix(ModuliSpace space, long n, ulong seed = 3)
    {
        using var g = new Generator(seed, CPU);
        return space.DistanceMatrix(space.Sample(n, g));
    }

    [Theory]
    [InlineData("torus", 7.0711)]      // √50
    [InlineData("torus6", 12.2475)]    // √150
    [InlineData("klein", 7.0711)]
    [InlineData("circle", 15.7080)]    // 5π
    [InlineData("sphere", 15.7080)]
    [InlineData("s3", 15.7080)]
    public void DistancesAreBoundedSymmetricAndZeroOnTheDiagonal(string name, double bound)
    {
        using var d = Matrix(Spaces.Parse(name), 300);
        Assert.True(d.max().item<float>() <= bound + 1e-4, $"{name}: max {d.max().item<float>()} > {bound}");
        Assert.True(d.min().item<float>() >= 0);
        Assert.Equal(0, (d - d.t()).abs().max().item<float>(), 4);
        Assert.True(d.diagonal().abs().max().item<float>() < 2e-3, $"{name}: diagonal {d.diagonal().abs().max().item<float>()}");
    }

    [Fact]
    public void KleinBottleIsExactlyZeroOnItselfAndIdentifiesTheGlideReflection()
    {
        var klein = new KleinBottle();
        using var a = tensor(new float[] { 1, 3 }, [1, 2]);
        using var b = tensor(new float[] { 9, 7 }, [1, 2]);
        // (9, 7) ~ (9 − 10, 10 − 7) = (−1, 3): distance 2 from (1, 3); on the torus it would be √(2² + 4²).
        Assert.Equal(2, klein.Distances(a, b).item<float>(), 5);
        Assert.Equal(Math.Sqrt(20), new FlatTorus().Distances(a, b).item<float>(), 5);
        using var d = Matrix(klein, 50);
        Assert.Equal(0, d.diagonal().abs().max().item<float>());
    }

    [Fact]
    public void TorusAndKleinDistancesSatisfyTheTriangleInequality()
    {
        var point = Gen.Float[0, 9.999f].Select(Gen.Float[0, 9.999f], (x, y) => new[] { x, y });
        foreach (var space in new ModuliSpace[] { new FlatTorus(), new KleinBottle() })
            point.Select(point, point).Sample((a, b, c) =>
            {
                using var p = tensor(a.Concat(b).Concat(c).ToArray(), [3, 2]);
                var d = space.Distances(p, p).data<float>().ToArray();
                return d[2] <= d[1] + d[5] + 1e-4 && d[1] <= d[2] + d[5] + 1e-4 && d[5] <= d[1] + d[2] + 1e-4;
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void BlockedDistancesEqualTheWholeMatrix()
    {
        foreach (var name in new[] { "torus", "klein", "sphere", "sphere*torus", "r3" })
        {
            var space = Spaces.Parse(name);
            using var g = new Generator(5, CPU);
            using var points = space.Sample(70, g);
            using var whole = space.Distances(points, points);
            using var blocked = space.DistanceMatrix(points, blockRows: 16);
            Assert.Equal(0, (whole - blocked).abs().max().item<float>());
        }
    }

    [Fact]
    public void ProductDistanceIsTheRootSumOfSquares()
    {
        var product = (ProductSpace)Spaces.Parse("mixedcurv");
        using var g = new Generator(2, CPU);
        using var p = product.Sample(20, g);
        using var d = product.Distances(p, p);
        using var s = new Sphere(2).Distances(p.narrow(1, 0, 3), p.narrow(1, 0, 3));
        using var t = new FlatTorus().Distances(p.narrow(1, 3, 2), p.narrow(1, 3, 2));
        Assert.True((d - (s.square() + t.square()).sqrt()).abs().max().item<float>() < 1e-5);
        Assert.Equal("sphere*torus", product.Name);
    }

    [Fact]
    public void SphereSamplesAreUnitVectorsAndTheGridIsRegular()
    {
        using var g = new Generator(1, CPU);
        using var s = new Sphere(3).Sample(100, g);
        Assert.True((linalg.vector_norm(s, 2, [1], false) - 1).abs().max().item<float>() < 1e-5);
        using var grid = new Grid3D().Sample(27, g);
        using var d = new Grid3D().Distances(grid, grid);
        Assert.Equal(1, d[0, 1].item<float>());
        Assert.Equal(Math.Sqrt(12), d.max().item<float>(), 5);
    }

    [Theory]
    [InlineData("torus", "torus")]
    [InlineData("T6", "torus6")]
    [InlineData("klein", "klein")]
    [InlineData("s1", "circle")]
    [InlineData("r9", "r9")]
    [InlineData("circle*klein", "circle*klein")]
    public void ParsesNames(string name, string canonical) => Assert.Equal(canonical, Spaces.Parse(name).Name);

    [Theory]
    [InlineData("moebius")]
    [InlineData("torus0")]
    [InlineData("")]
    public void UnknownNamesListTheValidOnes(string name) =>
        Assert.Contains("Valid spaces: torus", Assert.Throws<ParsimonyException>(() => Spaces.Parse(name)).Message);

    [Fact]
    public void OrderWalksAlongTheCircle()
    {
        var circle = new Sphere(1);
        using var g = new Generator(1, CPU);
        using var p = circle.Sample(64, g);
        var order = circle.Order(p);
        var angles = order.Select(i => Math.Atan2(p[i, 1].item<float>(), p[i, 0].item<float>())).ToArray();
        Assert.True(angles.Zip(angles.Skip(1)).All(x => x.First <= x.Second));
    }
}
