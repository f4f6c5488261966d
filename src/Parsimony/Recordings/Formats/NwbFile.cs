using PureHDF;
using PureHDF.VOL.Native;

namespace Parsimony.Recordings.Formats;

/// <summary>
/// Reads the parts of an NWB (HDF5) file a tuning analysis needs, with PureHDF: numeric datasets by path, the Units
/// table's ragged spike times, and SpatialSeries (data with timestamps, or a starting time and a rate). The file is
/// opened once and read as often as needed; dispose to close it.
/// </summary>
public sealed class NwbFile : IDisposable
{
    readonly NativeFile file;

    static NwbFile() => LzfFilter.Register();

    NwbFile(string path, NativeFile file)
    {
        Path = path;
        this.file = file;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>A time series' clock: explicit timestamps, or a start and a sampling rate.</summary>
    /// <param name="Timestamps">Sample times in seconds, or null.</param>
    /// <param name="Start">First sample time in seconds when there are no timestamps.</param>
    /// <param name="Rate">Samples per second when there are no timestamps.</param>
    public sealed record Clock(double[]? Timestamps, double Start, double Rate);

    /// <summary>Paths of every numeric dataset in the file.</summary>
    public List<string> NumericDatasets() => Guard(() =>
    {
        var found = new List<string>();
        Walk(file, "", found);
        return found;
    });

    /// <summary>
    /// Runs a read, turning every failure of the HDF5 library on a corrupt or unusual file (bad signatures, unsupported
    /// messages or layouts, offsets past the end, allocations a corrupt size asks for) into a clean error naming the file.
    /// </summary>
    T Guard<T>(Func<T> read)
    {
        try { return read(); }
        catch (ParsimonyException) { throw; }
        catch (Exception e)
        {
            throw new ParsimonyException($"{Path}: the HDF5/NWB file is corrupt or uses a feature this reader does not support ({Describe(e)}).", e);
        }
    }

    /// <summary>An exception and its causes in one short phrase (control characters escaped).</summary>
    static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null && parts.Count < 3; x = x.InnerException) parts.Add(x.Message);
        return Text.Quote(string.Join(": ", parts.Distinct()));
    }

    /// <summary>
    /// Spike times per unit (seconds) from a Units table at <paramref name="group"/> (default <c>/units</c>):
    /// <c>spike_times</c> split by the end indices in <c>spike_times_index</c>.
    /// </summary>
    public double[][] UnitSpikeTimes(string group = "units") => Guard(() =>
    {
        string times = $"{group.TrimEnd('/')}/spike_times", index = $"{group.TrimEnd('/')}/spike_times_index";
        if (!file.LinkExists(times) || !file.LinkExists(index))
            throw new ParsimonyException($"{Path}: no Units table with spike times at '{group}' (need {times} and {index}).");
        var all = ReadDataset(times).Data;
        var ends = ReadDataset(index).Data;
        var units = new double[ends.Length][];
        int start = 0;
        for (int u = 0; u < ends.Length; u++)
        {
            int end = (int)ends[u];
            if (end < start || end > all.Length) throw new ParsimonyException($"{Path}: {index} is not a valid ragged index (entry {u} = {end}).");
            units[u] = all[start..end];
            start = end;
        }
        return units;
    });

    /// <summary>Whether <paramref name="name"/> is a group of the file.</summary>
    public bool IsGroup(string name) => Guard(() => file.LinkExists(name) && file.Get(name) is IH5Group);

    /// <summary>The first SpatialSeries in the file (its path), or null.</summary>
    public string? FirstSpatialSeries() => Guard(() => FindType(file, "", "SpatialSeries"));

    /// <summary>
    /// A time series group's data and clock: <paramref name="series"/> is a group holding <c>data</c> and either
    /// <c>timestamps</c> or <c>starting_time</c> (with a <c>rate</c> attribute).
    /// </summary>
    public (NumericArray Data, Clock Clock) ReadSeries(string series) => Guard(() =>
    {
        string path = Path;
        if (!file.LinkExists(series) || file.Get(series) is not IH5Group group)
            throw new ParsimonyException($"{path}: '{series}' is not a group (a SpatialSeries holds data and timestamps).");
        if (!group.LinkExists("data")) throw new ParsimonyException($"{path}: the series '{series}' has no 'data' dataset.");
        var data = ReadDataset($"{series}/data");
        if (group.LinkExists("timestamps"))
            return (data, new Clock(ReadDataset($"{series}/timestamps").Data, 0, 0));
        if (group.LinkExists("starting_time") && group.Get("starting_time") is IH5Dataset start && start.AttributeExists("rate"))
            return (data, new Clock(null, ReadDataset($"{series}/starting_time").Data[0], start.Attribute("rate").Read<double>()));
        throw new ParsimonyException($"{path}: the series '{series}' has neither timestamps nor a starting_time with a rate.");
    });

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    public static NwbFile Open(string path)
    {
        if (!File.Exists(path)) throw new ParsimonyException($"{path}: file not found.");
        try { return new NwbFile(path, H5File.OpenRead(path)); }
        catch (Exception e) when (e is not ParsimonyException)
        {
            throw new ParsimonyException($"{path}: not a readable HDF5/NWB file ({Describe(e)}).", e);
        }
    }

    /// <summary>The numeric dataset at <paramref name="dataset"/> (1-D → one column; 2-D → rows × columns).</summary>
    public NumericArray ReadDataset(string dataset) => Guard(() =>
    {
        string path = Path;
        if (!file.LinkExists(dataset) || file.Get(dataset) is not IH5Dataset d)
        {
            var names = new List<string>();
            Walk(file, "", names);
            throw new ParsimonyException($"{path}: no numeric dataset '{dataset}'. The file has: {string.Join(", ", names)}.");
        }
        var declared = d.Space.Dimensions;
        if (declared.Length > 2) throw new ParsimonyException($"{path}: '{dataset}' has {declared.Length} dimensions; only 1-D and 2-D datasets can be read.");
        // A corrupt size must not make the reader allocate: no filter expands data by more than ~1,000 (deflate's bound).
        double bytes = declared.Aggregate(1.0, (a, x) => a * x) * Math.Max(1, (double)d.Type.Size);
        if (bytes > 1100.0 * new FileInfo(path).Length + (1 << 20) || declared.Any(x => x > int.MaxValue))
            throw new ParsimonyException($"{path}: '{dataset}' declares {string.Join('×', declared)} values, more than a file of {new FileInfo(path).Length} bytes can hold: the file is corrupt.");
        var dims = declared.Select(x => (int)x).ToArray();
        var rowMajor = ReadNumbers(d) ?? throw new ParsimonyException($"{path}: '{dataset}' is not numeric ({d.Type.Class}).");
        int rows = dims.Length == 0 ? 1 : dims[0], columns = dims.Length == 2 ? dims[1] : 1;
        var columnMajor = new double[rowMajor.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) columnMajor[c * rows + r] = rowMajor[r * columns + c];
        return new NumericArray(dataset, [rows, columns], columnMajor);
    });

    /// <summary>Closes the file.</summary>
    public void Dispose() => file.Dispose();

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
