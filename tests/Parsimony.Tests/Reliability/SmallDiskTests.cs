using Parsimony.Runs;

namespace Parsimony.Tests.Reliability;

/// <summary>A test that needs the small tmpfs <c>.ci/run</c> mounts when it runs as root (named by PARSIMONY_SMALL_DISK); skipped with a message otherwise.</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    /// <summary>The environment variable naming the mounted small disk.</summary>
    public const string Variable = "PARSIMONY_SMALL_DISK";

    public SmallDiskFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } dir || !Directory.Exists(dir))
            Skip = $"{Variable} names no small disk: .ci/run mounts a 2 MB tmpfs for this test when it runs as root " +
                   "(mount -t tmpfs -o size=2m tmpfs DIR; export PARSIMONY_SMALL_DISK=DIR).";
    }
}

/// <summary>
/// A disk that fills up at any point of a run ends it with a clean error (exit code 1, one message, no trace) and
/// leaves no partial output: no temporary file, no truncated figure, no partial checkpoint, no report without its
/// summary. Once there is space again, resuming finishes the run.
/// </summary>
public class SmallDiskTests
{
    static readonly string Disk = Environment.GetEnvironmentVariable(SmallDiskFactAttribute.Variable) ?? "";

    static readonly byte[] PngEnd = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];   // the IEND chunk and its CRC

    /// <summary>Empties the disk and fills it so that <paramref name="freeKb"/> KB stay free; returns the filler's path.</summary>
    static string Fill(int freeKb)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(Disk))
            if (Directory.Exists(entry)) Directory.Delete(entry, true); else File.Delete(entry);
        var filler = Path.Combine(Disk, "filler");
        long size = new DriveInfo(Disk).AvailableFreeSpace - freeKb * 1024L;
        using (var stream = File.Create(filler))
        {
            var block = new byte[64 * 1024];
            for (long left = size; left > 0; left -= block.Length) stream.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return filler;
    }

    static void AssertNoPartialOutput(string folder, string what)
    {
        if (!Directory.Exists(folder)) return;
        Assert.True(!Directory.EnumerateFileSystemEntries(folder, "*tmp*", SearchOption.AllDirectories).Any(), $"{what}: a temporary file stayed");
        foreach (var png in Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories))
            Assert.True(File.ReadAllBytes(png).AsSpan().EndsWith(PngEnd), $"{what}: {png} is truncated");
        if (File.Exists(Path.Combine(folder, "report.html")))
            Assert.True(File.Exists(Path.Combine(folder, "summary.json")), $"{what}: a report without its summary");
    }

    static void FillAtEveryLevel(string[] command, string[] options, int[] freeKb)
    {
        int failures = 0;
        foreach (var free in freeKb)
        {
            var filler = Fill(free);
            var folder = Path.Combine(Disk, "run");
            var what = $"{string.Join(' ', command)} with {free} KB free";
            var (code, _, err) = Cli.CliTests.Run([.. command, "--out", folder, "--quiet", .. options]);
            if (code == 0) continue;                                                  // it fitted
            failures++;
            Assert.True(code == 1, $"{what}: exit code {code}: {err}");
            Assert.StartsWith("error: ", err);
            Assert.DoesNotContain("internal error", err);
            Assert.DoesNotContain("   at ", err);                                     // no stack trace
            Assert.True(err.Contains("No space left on device") || err.Contains("because the disk was full"), $"{what}: {err}");
            AssertNoPartialOutput(folder, what);

            File.Delete(filler);
            if (!File.Exists(Path.Combine(folder, "config.json"))) continue;          // it failed before the run existed
            (code, _, err) = Cli.CliTests.Run([.. command, "--resume", folder, "--quiet"]);
            Assert.True(code == 0, $"{what}, resumed with space: {err}");
            Assert.True(RunFolder.Open(folder).IsFinished);
            AssertNoPartialOutput(folder, what + ", resumed");
        }
        Assert.True(failures >= freeKb.Length - 1, $"only {failures} of {freeKb.Length} levels filled the disk: the test no longer tests");
    }

    [SmallDiskFact]
    public void InfoOnAFullDisk() =>
        FillAtEveryLevel(["info"], ["--shuffles", "20"], [0, 4, 8, 40, 120, 250, 400]);

    [SmallDiskFact]
    public void TrainingOnAFullDisk() =>
        FillAtEveryLevel(["train", "adding"], ["--sequence-length", "6", "--train-samples", "128", "--test-samples", "16", "--hidden", "8",
                                               "--epochs", "6", "--stabilizer-epochs", "0", "--device", "cpu"], [4, 8, 16, 32, 64, 200]);
}
