using PureHDF;
using PureHDF.VOL.Native;

namespace Parsimony.Recordings.Formats;

/// <summary>
/// Reads the parts of an NWB (HDF5) file a tuning analysis needs, with PureHDF: numeric datasets by path, the Units
/// table's ragged spike times, and SpatialSeries (data with timestamps, or a starting time and a rate).
/// </summary>
public static class NwbFile
{
    /// <summary>A time series' clock: explicit timestamps, or a start and a sampling rate.</summary>
    /// <param name="Timestamps">Sample times in seconds, or null.</param>
    /// <param name="Start">First sample time in seconds when there are no timestamps.</param>
    /// <param name="Rate">Samples per second when there are no timestamps.</param>
    public sealed record Clock(double[]? Timestamps, double Start, double Rate);

    /// <summary>Paths of every numeric dataset in the file.</summary>
    public static List<string> NumericDatasets(string path)
    {
        using var file = Open(path);
        var found = new List<string>();
        Walk(file, "", found);
        return found;
    }

    /// <summary>The numeric dataset at <paramref name="dataset"/> (1-D → one column; 2-D → rows × columns).</summary>
    public static NumericArray ReadDataset(string path, string dataset)
    {
        using var file = Open(path);
        return ReadDataset(file, dataset, path);
    }

    /// <summary>
    /// Spike times per unit (seconds) from a Units table at <paramref name="group"/> (default <c>/units</c>):
    /// <c>spike_times</c> split by the end indices in <c>spike_times_index</c>.
    /// </summary>
    public static double[][] UnitSpikeTimes(string path, string group = "units")
    {
        using var file = Open(path);
        string times = $"{group.TrimEnd('/')}/spike_times", index = $"{group.TrimEnd('/')}/spike_times_index";
        if (!file.LinkExists(times) || !file.LinkExists(index))
            throw new ParsimonyException($"{path}: no Units table with spike times at '{group}' (need {times} and {index}).");
        var all = ReadDataset(file, times, path).Data;
        var ends = ReadDataset(file, index, path).Data;
        var units = new double[ends.Length][];
        int start = 0;
        for (int u = 0; u < ends.Length; u++)
        {
            int end = (int)ends[u];
            if (end < start || end > all.Length) throw new ParsimonyException($"{path}: {index} is not a valid ragged index (entry {u} = {end}).");
            units[u] = all[start..end];
            start = end;
        }
        return units;
    }

    /// <summary>Whether <paramref name="name"/> is a group of the file.</summary>
    public static bool IsGroup(string path, string name)
    {
        using var file = Open(path);
        return file.LinkExists(name) && file.Get(name) is IH5Group;
    }

    /// <summary>The first SpatialSeries in the file (its path), or null.</summary>
    public static string? FirstSpatialSeries(string path)
    {
        using var file = Open(path);
        return FindType(file, "", "SpatialSeries");
    }

    /// <summary>
    /// A time series group's data and clock: <paramref name="series"/> is a group holding <c>data</c> and either
    /// <c>timestamps</c> or <c>starting_time</c> (with a <c>rate</c> attribute).
    /// </summary>
    public static (NumericArray Data, Clock Clock) ReadSeries(string path, string series)
    {
        using var file = Open(path);
        if (!file.LinkExists(series) || file.Get(series) is not IH5Group group)
            throw new ParsimonyException($"{path}: '{series}' is not a group (a SpatialSeries holds data and timestamps).");
        if (!group.LinkExists("data")) throw new ParsimonyException($"{path}: the series '{series}' has no 'data' dataset.");
        var data = ReadDataset(file, $"{series}/data", path);
        if (group.LinkExists("timestamps"))
            return (data, new Clock(ReadDataset(file, $"{series}/timestamps", path).Data, 0, 0));
        if (group.LinkExists("starting_time") && group.Get("starting_time") is IH5Dataset start && start.AttributeExists("rate"))
            return (data, new Clock(null, ReadDataset(file, $"{series}/starting_time", path).Data[0], start.Attribute("rate").Read<double>()));
        throw new ParsimonyException($"{path}: the series '{series}' has neither timestamps nor a starting_time with a rate.");
    }

    static NativeFile Open(string path)
    {
        if (!File.Exists(path)) throw new ParsimonyException($"{path}: file not found.");
        try { return H5File.OpenRead(path); }
        catch (Exception e) when (e is not ParsimonyException)
        {
            throw new ParsimonyException($"{path}: not a readable HDF5/NWB file ({e.Message}).", e);
        }
    }

    static NumericArray ReadDataset(NativeFile file, string dataset, string path)
    {
        if (!file.LinkExists(dataset) || file.Get(dataset) is not IH5Dataset d)
        {
            var names = new List<string>();
            Walk(file, "", names);
            throw new ParsimonyException($"{path}: no numeric dataset '{dataset}'. The file has: {string.Join(", ", names)}.");
        }
        var dims = d.Space.Dimensions.Select(x => (int)x).ToArray();
        if (dims.Length > 2) throw new ParsimonyException($"{path}: '{dataset}' has {dims.Length} dimensions; only 1-D and 2-D datasets can be read.");
        var rowMajor = ReadNumbers(d) ?? throw new ParsimonyException($"{path}: '{dataset}' is not numeric ({d.Type.Class}).");
        int rows = dims.Length == 0 ? 1 : dims[0], columns = dims.Length == 2 ? dims[1] : 1;
        var columnMajor = new double[rowMajor.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) columnMajor[c * rows + r] = rowMajor[r * columns + c];
        return new NumericArray(dataset, [rows, columns], columnMajor);
    }

    static double[]? ReadNumbers(IH5Dataset d) => (d.Type.Class, d.Type.Size) switch
    {
        (H5DataTypeClass.FloatingPoint, 8) => d.Read<double[]>(),
        (H5DataTypeClass.FloatingPoint, 4) => d.Read<float[]>().Select(v => (double)v).ToArray(),
        (H5DataTypeClass.FixedPoint, var size) => (size, d.Type.FixedPoint.IsSigned) switch
        {
            (8, true) => d.Read<long[]>().Select(v => (double)v).ToArray(),
            (8, false) => d.Read<ulong[]>().Select(v => (double)v).ToArray(),
            (4, true) => d.Read<int[]>().Select(v => (double)v).ToArray(),
            (4, false) => d.Read<uint[]>().Select(v => (double)v).ToArray(),
            (2, true) => d.Read<short[]>().Select(v => (double)v).ToArray(),
            (2, false) => d.Read<ushort[]>().Select(v => (double)v).ToArray(),
            (1, true) => d.Read<sbyte[]>().Select(v => (double)v).ToArray(),
            _ => d.Read<byte[]>().Select(v => (double)v).ToArray(),
        },
        _ => null,
    };

    static void Walk(IH5Group group, string prefix, List<string> found)
    {
        foreach (var child in group.Children())
        {
            string name = prefix.Length == 0 ? child.Name : $"{prefix}/{child.Name}";
            if (child is IH5Group g) Walk(g, name, found);
            else if (child is IH5Dataset d && d.Type.Class is H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint) found.Add(name);
        }
    }

    static string? FindType(IH5Group group, string prefix, string type)
    {
        foreach (var child in group.Children())
        {
            string name = prefix.Length == 0 ? child.Name : $"{prefix}/{child.Name}";
            if (child is not IH5Group g) continue;
            if (g.AttributeExists("neurodata_type") && g.Attribute("neurodata_type").Read<string>() == type) return name;
            if (FindType(g, name, type) is { } inner) return inner;
        }
        return null;
    }
}
