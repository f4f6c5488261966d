using static TorchSharp.torch;

namespace Parsimony.Tests.Core;

public class TorchSharpTests
{
    [Fact]
    public void ForwardBackwardMatchesClosedFormGradient()
    {
        // f(W) = sum((W x)^2)  ⇒  ∂f/∂W = 2 (W x) xᵀ
        using var g = new Generator(3, CPU);
        var w = randn([4, 3], dtype: ScalarType.Float64, generator: g).requires_grad_();
        var x = randn([3, 1], dtype: ScalarType.Float64, generator: g);
        var y = w.matmul(x);
        y.pow(2).sum().backward();
        var expected = 2 * y.detach().matmul(x.t());
        Assert.True(w.grad!.allclose(expected, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void ReluRnnTrainsAndEigvalshRuns()
    {
        using var g = new Generator(5, CPU);
        var rnn = RngStreams.Seeded(5, () => nn.RNN(2, 8, nonLinearity: nn.NonLinearities.ReLU, bias: false));
        var opt = optim.Adam(rnn.parameters(), 1e-2);
        var input = randn([5, 4, 2], generator: g);
        double first = 0, last = 0;
        for (int i = 0; i < 30; i++)
        {
            opt.zero_grad();
            var loss = rnn.call(input, null).Item1.pow(2).mean();
            if (i == 0) first = loss.item<float>();
            last = loss.item<float>();
            loss.backward();
            opt.step();
        }
        Assert.True(last < first);
        var eig = linalg.eigvalsh(tensor(new double[,] { { 2, 1 }, { 1, 2 } }));
        Assert.Equal([1.0, 3.0], eig.data<double>().ToArray(), new Comparison(1e-12));
    }

    sealed class Comparison(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double d) => 0;
    }

    [Fact]
    public void Tf32SwitchesAreSetAndClearedAndTheCpuContextLeavesThemAlone()
    {
        lock (Tf32Lock)
        {
            Devices.SetTf32(true);
            Assert.True(backends.cuda.matmul.allow_tf32 && backends.cudnn.allow_tf32);
            new ComputeContext(CPU, Tf32: false).Apply();                     // on the CPU the process-wide switches stay as they are
            Assert.True(backends.cuda.matmul.allow_tf32);
            Devices.SetTf32(false);
            Assert.False(backends.cuda.matmul.allow_tf32 || backends.cudnn.allow_tf32);
        }
    }

    static readonly object Tf32Lock = new();

    [Fact]
    public void SeededBuildsAreRepeatableAndLeaveTheGlobalGeneratorAlone()
    {
        using var before = random.get_rng_state();
        var a = RngStreams.Seeded(11, () => nn.Linear(3, 2));
        var b = RngStreams.Seeded(11, () => nn.Linear(3, 2));
        var c = RngStreams.Seeded(12, () => nn.Linear(3, 2));
        Assert.True(a.weight!.equal(b.weight!).all().item<bool>());
        Assert.False(a.weight!.equal(c.weight!).all().item<bool>());
        using var after = random.get_rng_state();
        Assert.True(before.equal(after).all().item<bool>());
    }
}

/// <summary>
/// Background garbage collection stays off in our programs: with it, a collection could free a TorchSharp
/// <c>Scalar</c> temporary while libtorch still read it ("Unknown scalar type" after thousands of training steps).
/// </summary>
public class GarbageCollectionTests
{
    [Fact]
    public void TheTestHostRunsWithoutBackgroundCollection() =>
        Assert.Equal(System.Runtime.GCLatencyMode.Batch, System.Runtime.GCSettings.LatencyMode);

    [Fact]
    public void TheCommandLineRunsWithoutBackgroundCollection()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Parsimony.Cli.runtimeconfig.json")))!;
        Assert.False((bool)config["runtimeOptions"]!["configProperties"]!["System.GC.Concurrent"]!);
    }
}
