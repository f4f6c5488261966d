using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PureHDF;

namespace Parsimony.Tests.Fuzz;

/// <summary>
/// Valid recordings in each format the readers take, written by the tests themselves (the seeds the fuzzer mutates):
/// MAT v5 (little/big-endian, compressed, several integer and float types, N-d, cell and struct variables, empty),
/// CSV (header, comments, quotes, a BOM), NWB/HDF5 (Units + SpatialSeries, contiguous, deflate and LZF chunks).
/// </summary>
static class SeedFiles
{
    public const int Samples = 600;

    /// <summary>Angle track and counts of three cells with head-direction-like tuning.</summary>
    public static (double[] Angle, double[][] Counts) Session(int seed)
    {
        var rng = new Random(seed);
        var angle = new double[Samples];
        var counts = Enumerable.Range(0, 3).Select(_ => new double[Samples]).ToArray();
        double a = 0;
        for (int t = 0; t < Samples; t++)
        {
            a += 0.2 * (rng.NextDouble() - 0.5);
            angle[t] = ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
            for (int c = 0; c < 3; c++) counts[c][t] = rng.NextDouble() < 0.05 + 0.4 * Math.Max(0, Math.Cos(angle[t] - 2 * c)) ? 1 : 0;
        }
        return (angle, counts);
    }

    // ---------- MAT v5 ----------

    /// <summary>The MAT seeds: (file bytes, counts variable, stimulus selector).</summary>
    public static List<byte[]> Mat()
    {
        var (angle, counts) = Session(1);
        var flat = counts.SelectMany(c => c).ToArray();                        // column-major [samples × 3]
        var seeds = new List<byte[]>();
        foreach (bool big in new[] { false, true })
            foreach (bool compressed in new[] { false, true })
                foreach (int type in new[] { MatWriter.MiDouble, MatWriter.MiInt16, MatWriter.MiUInt8, MatWriter.MiSingle, MatWriter.MiInt32 })
                {
                    var w = new MatWriter(big);
                    var elements = new List<byte[]>
                    {
                        w.Matrix("counts", [Samples, 3], flat, type == MatWriter.MiDouble ? 6 : 10, type),
                        w.Matrix("angle", [Samples, 1], angle),
                        w.Matrix("cellinfo", [1, 2], [], arrayClass: 1),                // a cell array: skipped
                        w.Matrix("cube", [2, 3, 2], Enumerable.Range(0, 12).Select(i => (double)i).ToArray()),
                        w.Matrix("empty", [0, 0], []),
                    };
                    seeds.Add(w.File(compressed ? elements.Select(w.Compressed) : elements));
                }
        return seeds;
    }

    // ---------- CSV ----------

    /// <summary>The CSV seeds: a table with a time column, the angle and three cells' counts.</summary>
    public static List<byte[]> Csv()
    {
        var (angle, counts) = Session(2);
        var seeds = new List<byte[]>();
        foreach (var (delimiter, header, bom, quotes) in new[] { (",", true, false, false), ("\t", true, true, false), (",", true, false, true), (";", false, false, false) })
        {
            var sb = new StringBuilder();
            if (header) sb.Append("# a comment line\n").Append(string.Join(delimiter, Quote("angle", quotes), Quote("a", quotes), Quote("b", quotes), Quote("c", quotes))).Append('\n');
            for (int t = 0; t < Samples; t++)
                sb.Append(string.Join(delimiter, new[] { angle[t], counts[0][t], counts[1][t], counts[2][t] }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
            var text = Encoding.UTF8.GetBytes(sb.ToString());
            seeds.Add(bom ? [0xEF, 0xBB, 0xBF, .. text] : text);
        }
        return seeds;

        static string Quote(string s, bool quotes) => quotes ? $"\"{s}\"" : s;
    }

    // ---------- NWB / HDF5 ----------

    /// <summary>The NWB seeds: a Units table and a SpatialSeries of positions, plain, deflate- and LZF-compressed.</summary>
    public static List<byte[]> Nwb()
    {
        Parsimony.Recordings.Formats.LzfFilter.Register();
        var rng = new Random(3);
        int n = Samples;
        var data = new double[n, 2];
        double x = 0.5, y = 0.5;
        for (int t = 0; t < n; t++)
        {
            x = Math.Clamp(x + 0.05 * (rng.NextDouble() - 0.5), 0, 1);
            y = Math.Clamp(y + 0.05 * (rng.NextDouble() - 0.5), 0, 1);
            data[t, 0] = x; data[t, 1] = y;
        }
        var spikes = Enumerable.Range(0, 2).Select(c => Enumerable.Range(0, n).Where(t => rng.NextDouble() < (c == 0 ? data[t, 0] : data[t, 1]) * 0.3)
            .Select(t => (t + 0.5) / 30.0).ToArray()).ToArray();
        var seeds = new List<byte[]>();
        foreach (var filter in new PureHDF.Filters.H5Filter?[] { null, new(PureHDF.Filters.DeflateFilter.Id, null), new(Parsimony.Recordings.Formats.LzfFilter.Id, null) })
        {
            H5Dataset Chunked<T>(T values, ulong length) => filter is null ? new H5Dataset(values!)
                : new H5Dataset(values!, chunks: [(uint)Math.Min(length, 128)], datasetCreation: new PureHDF.VOL.Native.H5DatasetCreation(Filters: [filter]));
            var series = new H5Group
            {
                ["data"] = filter is null ? new H5Dataset(data) : new H5Dataset(data, chunks: [128, 2], datasetCreation: new PureHDF.VOL.Native.H5DatasetCreation(Filters: [filter])),
                ["starting_time"] = new H5Dataset(0.0) { Attributes = new() { ["rate"] = 30.0 } },
            };
            series.Attributes = new() { ["neurodata_type"] = "SpatialSeries" };
            var all = spikes.SelectMany(s => s).ToArray();
            var file = new H5File
            {
                ["units"] = new H5Group
                {
                    ["spike_times"] = Chunked(all, (ulong)all.Length),
                    ["spike_times_index"] = new long[] { spikes[0].Length, all.Length },
                },
                ["processing"] = new H5Group { ["behavior"] = new H5Group { ["Position"] = new H5Group { ["position"] = series } } },
            };
            var path = Path.Combine(TestPaths.TempDir(), "seed.nwb");
            file.Write(path);
            seeds.Add(System.IO.File.ReadAllBytes(path));
        }
        return seeds;
    }
}
