namespace Parsimony.Tests.Cli;

/// <summary>
/// Exit codes and messages for realistic mistakes: 2 for anything wrong with the command line itself (unknown or
/// misspelled commands and options, values of the wrong kind or out of range, combinations that cannot work, named files
/// or folders that are not there), found before any work starts; 1 for failures of the work (unreadable data). Never a
/// stack trace, never a run folder.
/// </summary>
public class ExitCodeTests
{
    static readonly string Dir = TestPaths.TempDir();
    static readonly string AFile = Touch("file.txt", "x");
    static readonly string Junk = Touch("junk.dat", "\0\u0001\u0002");
    static readonly string NotARun = Directory.CreateDirectory(Path.Combine(Dir, "not-a-run")).FullName;

    static string Touch(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static TheoryData<int, string, string[]> Mistakes() => new()
    {
        { 2, "--hidden must be positive (got -5)", ["train", "adding", "--hidden", "-5"] },
        { 2, "--space is 'tourus', which is not a known space", ["train", "navigation", "--space", "tourus"] },
        { 2, "'abc' is not a valid value for --hidden: it takes a whole number", ["train", "adding", "--hidden", "abc"] },
        { 2, "'1.5' is not a valid value for --hidden: it takes a whole number (no decimals", ["train", "adding", "--hidden", "1.5"] },
        { 2, "'fast' is not a valid value for --lr: it takes a number", ["train", "adding", "--lr", "fast"] },
        { 2, "Did you mean --hidden?", ["train", "adding", "--hiden", "3"] },
        { 2, "'trian' is not a command of 'parsimony'. Did you mean train?", ["trian", "adding"] },
        { 2, "'parsimony train' needs a command: adding, navigation, lm", ["train"] },
        { 2, "'rnn' is not a valid value for --cell: use one of elman, lstm, gru", ["train", "adding", "--cell", "rnn"] },
        { 2, "--target-sparsity must be in [0, 1) (got 1.2)", ["train", "navigation", "--target-sparsity", "1.2"] },
        { 2, "--invert with --space standard gives R ≡ max(1) − 1 = 0", ["train", "adding", "--space", "standard"] },
        { 2, "--lottery needs pruning: set --target-sparsity above 0", ["train", "adding", "--lottery", "--target-sparsity", "0"] },
        { 2, "--epochs must be at least 2 for the delayed schedule to reach --target-sparsity", ["train", "lm", "--epochs", "1"] },
        { 2, "--corpus is '/no/such/corpus', which is not a folder", ["train", "lm", "--corpus", "/no/such/corpus"] },
        { 2, "which is a directory: give the file itself", ["info", "--input", Dir, "--counts", "x", "--stimulus", "y:0"] },
        { 2, "--input is 'no-such-file.mat', which does not exist", ["info", "--input", "no-such-file.mat", "--counts", "x"] },
        { 2, "--cells has the range '3-1', which is backwards", ["info", "--cells", "3-1"] },
        { 2, "--shuffles must be 0 (none) or at least 2 (got 1)", ["info", "--shuffles", "1"] },
        { 2, "--extent takes four numbers xmin,xmax,ymin,ymax (got '0,1,2')", ["info", "--extent", "0,1,2"] },
        { 2, "--counts and --spike-times exclude each other", ["info", "--counts", "Qrun", "--spike-times", "t"] },
        { 2, "--cells names cell 25, which does not exist", ["info", "--cells", "25"] },
        { 2, "--min-shift of 100000 s must be positive and shorter than half the recording", ["info", "--min-shift", "100000"] },
        { 2, "--neurons must be at least 2 (got 1)", ["regularizer", "--neurons", "1"] },
        { 2, "--heatmap is to be written in '/no/such/folder', which does not exist", ["regularizer", "--heatmap", "/no/such/folder/r.png"] },
        { 2, "which is a file; a run folder must be a new or empty folder", ["train", "adding", "--out", AFile] },
        { 2, "is not a Parsimony run folder: it has no config.json", ["train", "adding", "--resume", NotARun] },
        { 2, "--iterations must be at least 1 (got 0)", ["bench", "navigation-step", "--iterations", "0"] },
        { 2, "Sweep file 'no-such-sweep.json' does not exist", ["sweep", "no-such-sweep.json"] },
        { 2, "--device cuda was requested but no CUDA device is available", ["train", "adding", "--device", "cuda"] },
        { 1, "not a MAT (level 5), HDF5/NWB or CSV file", ["info", "--input", Junk, "--counts", "x"] },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void AMistakeGetsItsExitCodeAndAPlainMessage(int expected, string message, string[] args)
    {
        var before = Directory.GetFileSystemEntries(Dir).Length;
        var (code, output, err) = CliTests.Run(args);
        Assert.True(code == expected, $"exit {code}, expected {expected}: {err}");
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("System.", err);
        Assert.DoesNotContain("Parsimony.", err);
        Assert.DoesNotContain("internal error", err);
        Assert.Equal("", output);
        Assert.Equal(before, Directory.GetFileSystemEntries(Dir).Length);
    }

    [Fact]
    public void HelpNamesTheProgramAndShowsDefaultsAsTheyAreTyped()
    {
        var (code, help, _) = CliTests.Run("train", "adding", "--help");
        Assert.Equal(0, code);
        Assert.Contains("parsimony train adding [options]", help);
        Assert.DoesNotContain("Parsimony.Cli", help);
        Assert.Contains("[default: elman]", help);
        Assert.Contains("[default: 0.0001]", help);
        var (_, bench, _) = CliTests.Run("bench", "navigation-step", "--help");
        Assert.DoesNotContain("--epochs", bench);
        Assert.DoesNotContain("--lottery", bench);
        Assert.Contains("--hidden", bench);
    }
}
