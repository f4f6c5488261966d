namespace Parsimony.Recordings.Formats;

/// <summary>The formats a recording can come in.</summary>
public enum DataFormat
{
    /// <summary>MATLAB level-5 MAT file.</summary>
    Mat,
    /// <summary>NWB / HDF5.</summary>
    Nwb,
    /// <summary>Numeric delimited text.</summary>
    Csv,
}

/// <summary>
/// One data file of any supported format, opened by its content (not its extension), with a common way to name data:
/// a <em>selector</em> <c>name[:columns]</c> — a MAT variable, an HDF5 dataset path, or for CSV <c>table</c> (the whole
/// table) or a column name — optionally followed by 0-based column numbers or header names separated by commas.
/// </summary>
public sealed class DataFile : IDisposable
{
    static readonly byte[] HdfSignature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];
    readonly IReadOnlyDictionary<string, NumericArray>? variables;
    readonly NumericArray? table;

    DataFile(string path, DataFormat format, IReadOnlyDictionary<string, NumericArray>? variables, NumericArray? table, NwbFile? nwb = null)
    {
        Path = path;
        Format = format;
        this.variables = variables;
        this.table = table;
        Nwb = nwb;
    }

    /// <summary>The open NWB/HDF5 file (null for other formats).</summary>
    public NwbFile? Nwb { get; }

    /// <summary>The file's path.</summary>
    public string Path { get; }
    /// <summary>Its format.</summary>
    public DataFormat Format { get; }

    /// <summary>Opens <paramref name="path"/>, recognising MAT v5 and HDF5 by their signatures and reading anything else as text.</summary>
    public static DataFile Open(string path)
    {
        if (!File.Exists(path)) throw new ParsimonyException($"{path}: file not found.");
        var head = new byte[128];
        int read;
        using (var s = File.OpenRead(path)) read = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 8 && head.AsSpan(0, 8).SequenceEqual(HdfSignature)) return new DataFile(path, DataFormat.Nwb, null, null, NwbFile.Open(path));
        if (read == 128 && head.AsSpan(0, 6).SequenceEqual("MATLAB"u8)) return new DataFile(path, DataFormat.Mat, MatFile.Read(path), null);
        if (head.AsSpan(0, read).Contains((byte)0))
            throw new ParsimonyException($"{path}: not a MAT (level 5), HDF5/NWB or CSV file (binary content without a MAT or HDF5 signature).");
        return new DataFile(path, DataFormat.Csv, null, CsvTable.Read(path));
    }

    /// <summary>The array named <paramref name="name"/>, or an error listing what the file has.</summary>
    public NumericArray Get(string name) => Format switch
    {
        DataFormat.Mat => MatFile.Get(variables!, name, Path),
        DataFormat.Nwb => Nwb!.ReadDataset(name),
        _ => name is "table" or "" ? table!
            : table!.ColumnNames is { } names && Array.IndexOf(names, name) is >= 0 and var c
                ? NumericArray.FromColumns(name, [table.Column(c)], [name])
                : throw new ParsimonyException($"{Path}: no column '{name}'. Use 'table' for the whole table" +
                                               (table.ColumnNames is null ? $" (it has {table.Columns} unnamed columns: select them as table:0,1,…)." : $"; its columns are: {string.Join(", ", table.ColumnNames)}.")),
    };

    /// <summary>
    /// The columns named by <paramref name="selector"/> (<c>name[:c1,c2,…]</c>); all columns when none are listed.
    /// </summary>
    public double[][] Columns(string selector)
    {
        int colon = selector.LastIndexOf(':');
        var array = Get(colon < 0 ? selector : selector[..colon]);
        var columns = colon < 0 ? Enumerable.Range(0, array.Columns).ToArray()
            : selector[(colon + 1)..].Split(',').Select(c => array.ColumnIndex(c.Trim(), Path)).ToArray();
        return columns.Select(array.Column).ToArray();
    }

    /// <summary>
    /// Spike times per cell from <paramref name="selector"/>: for NWB a Units group (default <c>units</c>); otherwise an
    /// array of one column (one cell: its spike times) or two columns (spike time, cell id — ids are sorted and renumbered).
    /// </summary>
    public (double[][] Times, string[] Names) SpikeTimes(string? selector)
    {
        if (Nwb is not null && (selector is null || !selector.Contains(':') && Nwb.IsGroup(selector)))
        {
            var units = Nwb.UnitSpikeTimes(selector ?? "units");
            return (units, units.Select((_, u) => $"unit {u}").ToArray());
        }
        if (selector is null)
            throw new ParsimonyException($"{Path}: say which variable holds the spike times ({{SpikeTimes}} NAME[:columns]).");
        var columns = Columns(selector);
        string stem = System.IO.Path.GetFileNameWithoutExtension(Path);
        if (columns.Length == 1) return ([columns[0]], [stem]);
        if (columns.Length != 2)
            throw new ParsimonyException($"{Path}: '{selector}' has {columns.Length} columns; spike times need one column (one cell) or two (time, cell id).");
        var ids = columns[1].Distinct().Order().ToArray();
        var times = ids.Select(id => columns[0].Where((_, i) => columns[1][i] == id).ToArray()).ToArray();
        return (times, ids.Select(id => $"{stem} cell {id}").ToArray());
    }

    /// <summary>Closes an NWB file (other formats are read whole when opened).</summary>
    public void Dispose() => Nwb?.Dispose();
}
