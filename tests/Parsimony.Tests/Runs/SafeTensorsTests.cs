using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Parsimony.Runs;
using static TorchSharp.torch;

namespace Parsimony.Tests.Runs;

public class SafeTensorsTests
{
    [Fact]
    public void RoundTripKeepsDtypeShapeAndBits()
    {
        var path = Path.Combine(TestPaths.TempDir(), "w.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["rnn.weight_hh_l0"] = randn(5, 5),
            ["mask"] = tensor(new long[] { 1, 0, 3 }),
            ["scalar64"] = tensor(new[] { Math.PI }),
            ["flags"] = tensor(new[] { true, false }),
        };
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var back = SafeTensors.Load(path);
        Assert.Equal(tensors.Keys.Order(), back.Keys.Order());
        foreach (var (k, t) in tensors)
        {
            Assert.Equal(t.dtype, back[k].dtype);
            Assert.Equal(t.shape, back[k].shape);
            Assert.True(t.bytes.SequenceEqual(back[k].bytes), k);
        }
    }

    [Fact]
    public void FileFollowsTheFormat()
    {
        var path = Path.Combine(TestPaths.TempDir(), "w.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["b"] = ones(2, 3), ["a"] = zeros(4, dtype: ScalarType.Float64) });
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        var header = JsonNode.Parse(bytes.AsSpan(8, n))!.AsObject();
        Assert.Equal("F64", (string)header["a"]!["dtype"]!);
        Assert.Equal("[0,32]", header["a"]!["data_offsets"]!.ToJsonString());   // sorted by name: a first
        Assert.Equal("[32,56]", header["b"]!["data_offsets"]!.ToJsonString());
        Assert.Equal(8 + n + 56, bytes.Length);
        Assert.Equal(1f, BitConverter.ToSingle(bytes, 8 + n + 32));
    }

    [Fact]
    public void TruncatedFileIsAClearError()
    {
        var path = Path.Combine(TestPaths.TempDir(), "bad.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<ParsimonyException>(() => SafeTensors.Load(path));
        Assert.Contains("not a safetensors file", e.Message);
    }
}
