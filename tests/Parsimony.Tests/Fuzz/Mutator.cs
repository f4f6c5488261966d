using System.Globalization;
using System.Text;

namespace Parsimony.Tests.Fuzz;

/// <summary>Seeded mutations of seed files: bit flips, interesting bytes and integers, truncation, insertion, deletion, duplication; textual ones for CSV.</summary>
static class Mutator
{
    static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x1B, (byte)',', (byte)'"'];
    static readonly int[] InterestingInts = [0, -1, 1, int.MaxValue, int.MinValue, 0x10000, 1_987_720_417, 65535, 8, 4096];

    /// <summary>Case <paramref name="index"/>'s mutation of <paramref name="seed"/>: one to four byte-level edits.</summary>
    public static byte[] Bytes(byte[] seed, int index)
    {
        var rng = new Random(index * 7919 + 13);
        var b = new List<byte>(seed);
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && b.Count > 0; e++)
        {
            int at = rng.Next(b.Count);
            switch (rng.Next(8))
            {
                case 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: b[at] = InterestingBytes[rng.Next(InterestingBytes.Length)]; break;
                case 2:
                    var v = BitConverter.GetBytes(InterestingInts[rng.Next(InterestingInts.Length)]);
                    if (rng.Next(2) == 0) Array.Reverse(v);
                    for (int k = 0; k < 4 && at + k < b.Count; k++) b[at + k] = v[k];
                    break;
                case 3: b.RemoveRange(at, b.Count - at); break;                                        // truncate
                case 4: b.InsertRange(at, Enumerable.Range(0, 1 + rng.Next(16)).Select(_ => (byte)rng.Next(256))); break;
                case 5: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(64))); break;
                case 6: { int n = Math.Min(b.Count - at, 1 + rng.Next(64)); b.InsertRange(at, b.GetRange(at, n)); break; }
                default: for (int k = 0; k < 8 && at + k < b.Count; k++) b[at + k] = (byte)rng.Next(256); break;
            }
        }
        return [.. b];
    }

    static readonly string[] Fields = ["NaN", "nan", "Inf", "-Infinity", "-1", "7e307", "1e306", "1.5", "abc", "", "\"", "\"\"", "\u0000", "\u001b[31m",
                                       "0x10", "1,5", "１", new string('9', 400), "1e-320", "-0", "+3", " 2 "];

    /// <summary>Case <paramref name="index"/>'s textual mutation of a CSV seed (or, one case in four, a byte-level one).</summary>
    public static byte[] Csv(byte[] seed, int index)
    {
        var rng = new Random(index * 104729 + 7);
        if (rng.Next(4) == 0) return Bytes(seed, index);
        var lines = Encoding.UTF8.GetString(seed).Split('\n').ToList();
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits; e++)
        {
            int at = rng.Next(Math.Max(1, lines.Count - 1));
            var fields = lines[at].Split(',').ToList();
            switch (rng.Next(7))
            {
                case 0: fields[rng.Next(fields.Count)] = Fields[rng.Next(Fields.Length)]; break;            // a strange value
                case 1: fields.Add(Fields[rng.Next(Fields.Length)]); break;                               // a ragged row
                case 2: if (fields.Count > 1) fields.RemoveAt(rng.Next(fields.Count)); break;
                case 3: fields = Enumerable.Range(0, 500 + rng.Next(1500)).Select(i => (i % 2).ToString(CultureInfo.InvariantCulture)).ToList(); break;   // thousands of columns
                case 4: lines.Insert(at, "\uFEFF" + lines[at]); break;                                     // a BOM mid-file
                case 5: lines.RemoveRange(at, Math.Min(lines.Count - at, 1 + rng.Next(200))); break;
                default: fields[rng.Next(fields.Count)] = "\"" + fields[0] + "\""; break;
            }
            if (at < lines.Count) lines[at] = string.Join(',', fields);
        }
        var text = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        if (rng.Next(20) == 0) text = [.. text, 0xC3, 0x28, 0xA0, 0xA1];                                  // not UTF-8
        return text;
    }
}
