namespace Parsimony.Recordings.Formats;

/// <summary>A numeric array read from a data file, stored column-major (as MATLAB does), converted to float64.</summary>
/// <param name="Name">Variable name (MAT variable, HDF5 path or CSV column).</param>
/// <param name="Dimensions">Size along each dimension (rows first).</param>
/// <param name="Data">Real part, column-major.</param>
/// <param name="ColumnNames">Column names where the format has them (a CSV header), else null.</param>
public sealed record NumericArray(string Name, int[] Dimensions, double[] Data, string[]? ColumnNames = null)
{
    /// <summary>Rows (first dimension).</summary>
    public int Rows => Dimensions[0];
    /// <summary>Columns (product of the remaining dimensions).</summary>
    public int Columns => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);
    /// <summary>Element (row, column).</summary>
    public double this[int row, int column] => Data[column * Rows + row];
    /// <summary>A copy of one column.</summary>
    public double[] Column(int column) => Data.AsSpan(column * Rows, Rows).ToArray();

    /// <summary>A 2-D array from columns of equal length.</summary>
    public static NumericArray FromColumns(string name, IReadOnlyList<double[]> columns, string[]? columnNames = null)
    {
        int rows = columns.Count == 0 ? 0 : columns[0].Length;
        return new NumericArray(name, [rows, columns.Count], columns.SelectMany(c => c).ToArray(), columnNames);
    }

    /// <summary>
    /// The 0-based column index named by <paramref name="column"/>: a number, or a header name where the array has them.
    /// </summary>
    public int ColumnIndex(string column, string source)
    {
        if (int.TryParse(column, out int index))
            return index >= 0 && index < Columns ? index
                : throw new ParsimonyException($"{source}: '{Name}' has {Columns} column(s) (0..{Columns - 1}); column {index} does not exist.");
        int named = ColumnNames is null ? -1 : Array.IndexOf(ColumnNames, column);
        return named >= 0 ? named
            : throw new ParsimonyException($"{source}: '{Name}' has no column '{column}'" +
                                           (ColumnNames is null ? " (its columns are numbered 0.." + (Columns - 1) + ")." : $"; its columns are: {string.Join(", ", ColumnNames)}."));
    }
}
