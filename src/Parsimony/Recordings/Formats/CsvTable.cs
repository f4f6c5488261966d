using System.Globalization;

namespace Parsimony.Recordings.Formats;

/// <summary>
/// A small reader for numeric delimited text (CSV, TSV or whitespace-separated): an optional header row of column
/// names, then rows of numbers. Empty fields and <c>NaN</c> read as NaN; lines starting with <c>#</c> are comments.
/// </summary>
public static class CsvTable
{
    /// <summary>The table in <paramref name="path"/> as one array named after the file, with its header names if any.</summary>
    public static NumericArray Read(string path)
    {
        if (!File.Exists(path)) throw new ParsimonyException($"{path}: file not found.");
        var lines = File.ReadLines(path).Select((text, i) => (Text: text.Trim(), Number: i + 1))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#')).ToList();
        if (lines.Count == 0) throw new ParsimonyException($"{path}: the file is empty.");
        char? delimiter = lines[0].Text.Contains(',') ? ',' : lines[0].Text.Contains('\t') ? '\t' : lines[0].Text.Contains(';') ? ';' : null;
        string[] Split(string line) => delimiter is { } d ? line.Split(d).Select(f => f.Trim().Trim('"')).ToArray()
                                                          : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var first = Split(lines[0].Text);
        bool header = first.Any(f => f.Length > 0 && !TryNumber(f, out _));
        var names = header ? first : null;
        int columns = first.Length;
        var data = new List<double>[columns];
        for (int c = 0; c < columns; c++) data[c] = new List<double>();
        foreach (var (text, number) in lines.Skip(header ? 1 : 0))
        {
            var fields = Split(text);
            if (fields.Length != columns)
                throw new ParsimonyException($"{path}: line {number} has {fields.Length} field(s) but the table has {columns} column(s).");
            for (int c = 0; c < columns; c++)
            {
                if (!TryNumber(fields[c], out double v))
                    throw new ParsimonyException($"{path}: line {number}, column {c + 1}: '{Text.Quote(fields[c])}' is not a number " +
                                                 "(this reader takes numeric tables with at most one header row).");
                data[c].Add(v);
            }
        }
        if (data[0].Count == 0) throw new ParsimonyException($"{path}: the table has a header but no rows.");
        return NumericArray.FromColumns(Path.GetFileNameWithoutExtension(path), data.Select(d => d.ToArray()).ToList(), names);
    }

    static bool TryNumber(string field, out double value)
    {
        if (field.Length == 0 || field.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
