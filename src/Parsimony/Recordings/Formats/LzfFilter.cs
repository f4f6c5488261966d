using PureHDF.Filters;

namespace Parsimony.Recordings.Formats;

/// <summary>
/// The LZF compression filter of h5py (HDF5 filter 32000), registered with PureHDF so that NWB files written with
/// <c>compression='lzf'</c> can be read. Decompression follows liblzf's format — a control byte below 32 starts a run
/// of that many + 1 literal bytes, otherwise its top three bits (plus an extension byte when they are all set) give a
/// back-reference's length − 2 and the rest with the next byte its distance − 1 — with every index checked, so a
/// corrupt chunk is an error, never a crash. Compression writes literal runs only (valid LZF; used for test files).
/// </summary>
public sealed class LzfFilter : IH5Filter
{
    /// <summary>The registered HDF5 filter id of LZF.</summary>
    public const ushort Id = 32000;

    static int registered;

    /// <summary>Registers the filter with PureHDF (once per process).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0) H5Filter.Register(new LzfFilter());
    }

    /// <inheritdoc/>
    public ushort FilterId => Id;

    /// <inheritdoc/>
    public string Name => "lzf";

    /// <inheritdoc/>
    public uint[] GetParameters(uint[] chunkDimensions, uint typeSize, Dictionary<string, object>? options) =>
        [4, 0, (uint)(chunkDimensions.Aggregate(1UL, (a, d) => a * d) * typeSize)];   // h5py's cd_values: version, LZF version, chunk bytes

    /// <inheritdoc/>
    public Memory<byte> Filter(FilterInfo info)
    {
        var input = info.Buffer.Span;
        if (!info.Flags.HasFlag(H5FilterFlags.Decompress)) return Literals(input);
        int expected = info.ChunkSize > 0 ? info.ChunkSize : info.Parameters is { Length: >= 3 } p ? (int)p[2] : 0;
        if (expected <= 0) throw new InvalidDataException("LZF chunk without a known size");
        var output = new byte[expected];
        int ip = 0, op = 0;
        while (ip < input.Length)
        {
            int control = input[ip++];
            if (control < 32)
            {
                int length = control + 1;
                if (ip + length > input.Length || op + length > output.Length) throw new InvalidDataException("LZF literal run out of bounds");
                input.Slice(ip, length).CopyTo(output.AsSpan(op));
                ip += length;
                op += length;
                continue;
            }
            int len = control >> 5;
            int reference = op - ((control & 0x1f) << 8) - 1;
            if (len == 7)
            {
                if (ip >= input.Length) throw new InvalidDataException("LZF back-reference cut short");
                len += input[ip++];
            }
            if (ip >= input.Length) throw new InvalidDataException("LZF back-reference cut short");
            reference -= input[ip++];
            len += 2;
            if (reference < 0 || op + len > output.Length) throw new InvalidDataException("LZF back-reference out of bounds");
            for (int k = 0; k < len; k++) output[op++] = output[reference++];   // byte by byte: the ranges may overlap
        }
        if (op != output.Length) throw new InvalidDataException($"LZF chunk decompressed to {op} bytes, not {output.Length}");
        return output;
    }

    static byte[] Literals(ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length + (data.Length + 31) / 32];
        int op = 0;
        for (int ip = 0; ip < data.Length; ip += 32)
        {
            int run = Math.Min(32, data.Length - ip);
            output[op++] = (byte)(run - 1);
            data.Slice(ip, run).CopyTo(output.AsSpan(op));
            op += run;
        }
        return output.AsSpan(0, op).ToArray();
    }
}
