namespace Parsimony;

/// <summary>
/// Where the shipped data sets are (the <c>shared/data</c> folder beside the repository): the folder named by the
/// environment variable <see cref="Variable"/>, else the first <c>shared/data</c> found walking up from the current
/// directory, then from the program's directory — so default data paths work from any folder of a checkout and from an
/// installed tool.
/// </summary>
public static class SharedData
{
    /// <summary>The environment variable that names the data folder.</summary>
    public const string Variable = "PARSIMONY_DATA";

    /// <summary>The data folder, or null when none is found.</summary>
    public static string? Folder()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set) return Path.GetFullPath(set);
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>
    /// The shipped file or folder <paramref name="relative"/> (e.g. <c>hd-mouse/dataHD.mat</c>), the default of option
    /// <paramref name="property"/>; an <see cref="OptionException"/> saying where it was looked for when it is not there.
    /// </summary>
    public static string Find(string relative, string property)
    {
        var folder = Folder();
        var path = folder is null ? null : Path.Combine(folder, relative);
        if (path is not null && (File.Exists(path) || Directory.Exists(path))) return path;
        var where = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set
            ? $"{Variable} names '{set}', which has no {relative}"
            : $"no shared/data folder with {relative} was found above the current directory ({Environment.CurrentDirectory}) or the program ({AppContext.BaseDirectory})";
        throw new OptionException(property, $"was not given, and its default, the shipped {relative}, is not there: {where}. " +
                                            $"Give {{{property}}} explicitly, or set {Variable} to the folder that holds the shipped data.");
    }
}
