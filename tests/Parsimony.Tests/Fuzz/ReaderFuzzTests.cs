using System.Text.Json.Nodes;
using Parsimony.Analysis;
using Parsimony.Experiments.Info;
using Parsimony.Recordings;

namespace Parsimony.Tests.Fuzz;

/// <summary>
/// The fuzz suite of the readers and the info pipeline: seeded mutations of valid seed files of every format (4,000
/// cases each by default; PARSIMONY_FUZZ_CASES sets another number) must each end in a result or in the project's own clean error — never another exception — and a result
/// must not hold NaN or Inf without a note saying why. The cases that once crashed are kept as regression files.
/// </summary>
public class ReaderFuzzTests
{
    public enum Outcome { Accepted, CleanError, Crash }

    /// <summary>One file through the whole info pipeline (read, bin, measure, summarize, one shuffle).</summary>
    public static (Outcome Outcome, string Detail) Run(string path, InfoConfig config)
    {
        try
        {
            using var job = new InfoJob(config with { Input = [path] });
            if (config.Shuffles > 0) job.Collect(Enumerable.Range(0, config.Shuffles).Select(job.RunChunk).ToList());
            var summary = job.Summarize();
            var bad = NonFinite(summary).ToList();
            if (bad.Count > 0 && summary["notes"] is not JsonArray { Count: > 0 })
                return (Outcome.Crash, $"non-finite values without a note: {string.Join(", ", bad.Take(3))}");
            return (Outcome.Accepted, "");
        }
        catch (ParsimonyException e)
        {
            if (e.Message.Any(c => char.IsControl(c) && c != '\n')) return (Outcome.Crash, "a message with control characters: " + e.Message[..Math.Min(80, e.Message.Length)]);
            if (e.Message.Length > 1500) return (Outcome.Crash, $"a message of {e.Message.Length} characters");
            return (Outcome.CleanError, e.Message);
        }
        catch (Exception e)
        {
            var frame = e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Parsimony"))?.Trim() ?? "";
            return (Outcome.Crash, $"{e.GetType().Name}: {e.Message.Split('\n')[0]} {frame}");
        }
    }

    static IEnumerable<string> NonFinite(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject o: foreach (var (k, v) in o) foreach (var x in NonFinite(v, $"{path}.{k}")) yield return x; break;
            case JsonArray a: for (int i = 0; i < a.Count; i++) foreach (var x in NonFinite(a[i], $"{path}[{i}]")) yield return x; break;
            case JsonValue v when v.TryGetValue<double>(out var d) && !double.IsFinite(d): yield return path; break;
            case JsonValue v when v.TryGetValue<string>(out var s) && s is "NaN" or "Infinity" or "-Infinity": yield return path; break;
        }
    }

    public static readonly InfoConfig MatConfig = new() { Counts = "counts", Stimulus = "angle:0", SampleSeconds = 0.01, Shuffles = 0, MinShift = 0.5 };
    public static readonly InfoConfig CsvConfig = new() { Counts = "table:1,2,3", Stimulus = "table:0", SampleSeconds = 0.01, Shuffles = 0, MinShift = 0.5 };
    public static readonly InfoConfig NwbConfig = new() { StimulusKind = StimulusKind.Position, Bins = 8, Shuffles = 0, MinShift = 0.5 };

    static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("PARSIMONY_FUZZ_CASES"), out var n) ? n : 4000;

    static void Campaign(string format, List<byte[]> seeds, Func<byte[], int, byte[]> mutate, InfoConfig config)
    {
        int cases = Cases;
        var dir = TestPaths.TempDir();
        var counts = new Dictionary<Outcome, int>();
        var crashes = new Dictionary<string, (int Count, int Case)>();
        Parallel.For(0, cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var bytes = mutate(seeds[i % seeds.Count], i);
            var path = Path.Combine(dir, $"case-{i}.{format}");
            File.WriteAllBytes(path, bytes);
            var (outcome, detail) = Run(path, i % 50 == 0 ? config with { Shuffles = 2 } : config);
            lock (counts)
            {
                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                if (outcome == Outcome.Crash)
                {
                    var signature = System.Text.RegularExpressions.Regex.Replace(detail, @"\d+", "N");
                    crashes[signature] = (crashes.GetValueOrDefault(signature).Count + 1, i);
                }
            }
            if (outcome != Outcome.Crash) File.Delete(path);
        });
        var summary = $"{format}: {cases} cases — {counts.GetValueOrDefault(Outcome.Accepted)} accepted, {counts.GetValueOrDefault(Outcome.CleanError)} clean errors, " +
                      $"{counts.GetValueOrDefault(Outcome.Crash)} crashes";
        Assert.True(crashes.Count == 0, summary + "\n" + string.Join("\n", crashes.Select(c => $"  {c.Value.Count}× (e.g. {dir}/case-{c.Value.Case}.{format}): {c.Key}")));
        Assert.True(counts.GetValueOrDefault(Outcome.Accepted) > 0, summary + ": no mutation was accepted — the seeds may be invalid");
    }

    [Fact]
    public void MatFilesNeverCrash() => Campaign("mat", SeedFiles.Mat(), Mutator.Bytes, MatConfig);

    [Fact]
    public void CsvFilesNeverCrash() => Campaign("csv", SeedFiles.Csv(), Mutator.Csv, CsvConfig);

    [Fact]
    public void NwbFilesNeverCrash() => Campaign("nwb", SeedFiles.Nwb(), Mutator.Bytes, NwbConfig);

    [Fact]
    public void EverySeedIsAValidRecording()
    {
        foreach (var (format, seeds, config) in new[] { ("mat", SeedFiles.Mat(), MatConfig), ("csv", SeedFiles.Csv(), CsvConfig), ("nwb", SeedFiles.Nwb(), NwbConfig) })
            for (int i = 0; i < seeds.Count; i++)
            {
                var path = Path.Combine(TestPaths.TempDir(), $"seed.{format}");
                File.WriteAllBytes(path, seeds[i]);
                var (outcome, detail) = Run(path, config);
                Assert.True(outcome == Outcome.Accepted, $"{format} seed {i}: {outcome} {detail}");
            }
    }
}
