using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Parsimony.Runs;

/// <summary>
/// Reads and writes the safetensors format (as read by Python's <c>safetensors.torch.load_file</c>): an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
/// little-endian data. Tensors are written in name order so the same weights always give the same bytes.
/// </summary>
public static class SafeTensors
{
    static readonly Dictionary<ScalarType, string> Names = new()
    {
        [ScalarType.Float32] = "F32", [ScalarType.Float64] = "F64", [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16", [ScalarType.Int64] = "I64", [ScalarType.Int32] = "I32",
        [ScalarType.Int16] = "I16", [ScalarType.Int8] = "I8", [ScalarType.Byte] = "U8", [ScalarType.Bool] = "BOOL",
    };

    /// <summary>Writes <paramref name="tensors"/> (any device; copied to the CPU) atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!Names.TryGetValue(tensor.dtype, out var dtype))
                throw new ParsimonyException($"safetensors: tensor '{name}' has dtype {tensor.dtype}, which the format cannot hold.");
            using var cpu = tensor.detach().to(CPU).contiguous();
            var bytes = cpu.bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var blob in blobs) stream.Write(blob);
        });
    }

    /// <summary>Reads every tensor of a safetensors file onto the CPU.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length < 8) throw new ParsimonyException($"{path}: not a safetensors file (shorter than its 8-byte header length).");
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > file.Length - 8) throw new ParsimonyException($"{path}: not a safetensors file (header length {headerLength} exceeds the file).");
        JsonObject header;
        try { header = JsonNode.Parse(file.AsSpan(8, (int)headerLength))!.AsObject(); }
        catch (JsonException e) { throw new ParsimonyException($"{path}: the safetensors header is not valid JSON ({e.Message}).", e); }
        long dataStart = 8 + headerLength;
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__" || node is null) continue;
            var dtypeName = (string)node["dtype"]!;
            var dtype = Names.FirstOrDefault(kv => kv.Value == dtypeName).Key;
            if (!Names.ContainsKey(dtype) || Names[dtype] != dtypeName)
                throw new ParsimonyException($"{path}: tensor '{name}' has unsupported dtype {dtypeName}.");
            var shape = node["shape"]!.AsArray().Select(d => (long)d!).ToArray();
            var range = node["data_offsets"]!.AsArray().Select(d => (long)d!).ToArray();
            var tensor = empty(shape, dtype);
            tensor.bytes = file.AsSpan((int)(dataStart + range[0]), (int)(range[1] - range[0]));
            result[name] = tensor;
        }
        return result;
    }
}
