using System.Text.Json;
using PuppeteerSharp;
using Parsimony.Tests.Cli;

namespace Parsimony.Tests.Reports;

/// <summary>A fact that needs Debian's Chromium: skipped with a message where it is not installed, unless in CI, where it must be.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (BrowserTests.Chromium is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "Chromium is not installed (apt-get install chromium); .ci/run installs it and runs this test.";
    }
}

/// <summary>
/// Every kind of report opened in a real browser (headless Chromium at 1280 px): every image loads, nothing overflows
/// horizontally, the console stays free of errors, every figure has a caption and every summary metric a glossary entry.
/// A screenshot of each report is kept with the test results.
/// </summary>
public class BrowserTests
{
    /// <summary>Debian's Chromium, or null.</summary>
    public static string? Chromium => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    const string Checks = """
        (() => {
          const images = Array.from(document.images);
          const caption = f => { const c = f.querySelector('figcaption'); return c ? c.textContent.split(' — ').slice(1).join(' — ').trim() : ''; };
          return JSON.stringify({
            images: images.length,
            broken: images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src')),
            width: document.documentElement.scrollWidth,
            uncaptioned: Array.from(document.querySelectorAll('figure')).filter(f => caption(f).length < 20).map(f => f.id),
            unexplained: Array.from(document.querySelectorAll('table.summary tr')).slice(1)
              .filter(r => { const m = r.querySelector('td.meaning'); return !m || m.textContent.trim().length === 0; })
              .map(r => r.querySelector('th').textContent),
            untitled: Array.from(document.querySelectorAll('table.records th')).filter(h => !h.title).map(h => h.textContent),
          });
        })()
        """;

    sealed record Findings(int Images, string[] Broken, int Width, string[] Uncaptioned, string[] Unexplained, string[] Untitled);

    [ChromiumFact]
    public async Task EveryReportReadsWellInABrowser()
    {
        Assert.True(Chromium is not null, "Chromium is needed in CI: .ci/run installs it with apt-get install chromium.");
        var reports = MakeReports();
        var artifacts = Environment.GetEnvironmentVariable("PARSIMONY_TEST_ARTIFACTS") is { Length: > 0 } a ? a : Path.Combine(TestPaths.TempDir(), "screenshots");
        Directory.CreateDirectory(artifacts);
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = Chromium,
            UserDataDir = TestPaths.TempDir(),
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--allow-file-access-from-files"],
        });
        var problems = new List<string>();
        foreach (var (name, report) in reports)
        {
            await using var page = await browser.NewPageAsync();
            await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
            var console = new List<string>();
            page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) console.Add(e.Message.Text); };
            page.PageError += (_, e) => console.Add(e.Message);
            await page.GoToAsync(new Uri(report).AbsoluteUri, WaitUntilNavigation.Load);
            var found = JsonSerializer.Deserialize<Findings>(await page.EvaluateExpressionAsync<string>(Checks), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
            await page.ScreenshotAsync(Path.Combine(artifacts, $"report-{name}.png"), new ScreenshotOptions { FullPage = true });
            if (found.Images == 0) problems.Add($"{name}: no images");
            if (found.Broken.Length > 0) problems.Add($"{name}: images that do not load: {string.Join(", ", found.Broken)}");
            if (found.Width > 1280) problems.Add($"{name}: the page is {found.Width} px wide at a 1280 px window");
            if (console.Count > 0) problems.Add($"{name}: console errors: {string.Join(" | ", console)}");
            if (found.Uncaptioned.Length > 0) problems.Add($"{name}: figures without a caption: {string.Join(", ", found.Uncaptioned)}");
            if (found.Unexplained.Length > 0) problems.Add($"{name}: metrics without a glossary entry: {string.Join(", ", found.Unexplained)}");
            if (found.Untitled.Length > 0) problems.Add($"{name}: table columns without a glossary entry: {string.Join(", ", found.Untitled)}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems) + $"\n(screenshots in {artifacts})");
    }

    /// <summary>The reports of a tiny demo, info on the shipped recording, a tiny ssi-place run, a tiny EventProp run (rasters, decision map) and a tiny sweep.</summary>
    static List<(string Name, string Report)> MakeReports()
    {
        var dir = TestPaths.TempDir();
        var list = new List<(string, string)>();
        void Run(string name, params string[] args)
        {
            var folder = Path.Combine(dir, name);
            var (code, _, err) = CliTests.Run([.. args, "--out", folder, "--quiet"]);
            Assert.True(code == 0, $"{name}: {err}");
            list.Add((name, Path.Combine(folder, "report.html")));
        }
        Run("demo", "demo", "--hidden", "24", "--place-cells", "16", "--batch-size", "8", "--sequence-length", "8", "--dense-epochs", "1", "--epochs", "3",
            "--steps", "4", "--stabilizer-epochs", "1", "--device", "cpu");
        Run("info", "info", "--input", Analysis.HeadDirectionRecordingTests.DataPath, "--counts", "Qrun", "--stimulus", "angRun:1", "--sample-seconds", "0.01", "--shuffles", "10");
        Run("ssi-place", "train", "ssi-place", "--readout", "6", "--hidden", "16", "--sequence-length", "12", "--batch-size", "6", "--epochs", "2", "--steps", "3",
            "--eval-batches", "1", "--device", "cpu");
        Run("eventprop", "train", "eventprop-yinyang", "--epochs", "2", "--train-samples", "300", "--hidden", "40", "--device", "cpu");
        Run("olfaction", "run", "olfaction", "--odorants", "100", "--mixture-sizes", "1,2", "--odorant-counts", "50,100", "--trials", "5", "--breadth-points", "4", "--receptor-points", "3");
        Run("sernn", "train", "sernn", "--grid-x", "2", "--grid-y", "2", "--grid-z", "2", "--hidden", "8", "--epochs", "1", "--batch-size", "32", "--train-trials", "64",
            "--validation-trials", "32", "--record-trials", "16", "--null-graphs", "4", "--device", "cpu");
        Run("sernn-population", "train", "sernn-population", "--networks", "3", "--stack-size", "2", "--parallel-stacks", "1", "--lambda-steps", "4", "--grid-x", "2",
            "--grid-y", "2", "--grid-z", "2", "--hidden", "8", "--epochs", "1", "--batch-size", "32", "--train-trials", "64", "--validation-trials", "32",
            "--record-trials", "16", "--null-graphs", "4", "--device", "cpu");
        Run("dentate", "run", "dentate", "--model", "2", "--instances", "1", "--dt-ms", "1", "--ablate", "FF_Inh:GC");
        Run("rich-lazy", "run", "rich-lazy", "--scales", "0.01:0.5,3:1.5", "--runs", "2", "--steps", "200", "--hidden", "16", "--l2-levels", "2", "--l2-runs", "2");
        var sweep = Path.Combine(dir, "sweep.json");
        File.WriteAllText(sweep, """
            { "command": "train adding",
              "base": { "sequence-length": 6, "train-samples": 64, "test-samples": 16, "hidden": 8, "epochs": 3, "stabilizer-epochs": 0, "device": "cpu" },
              "variants": { "torus": { "space": "torus" }, "no-reg": { "space": "none" } }, "grid": { "seed": [1, 2] } }
            """);
        var folder = Path.Combine(dir, "sweep");
        var (code, _, err) = CliTests.Run("sweep", sweep, "--out", folder, "--in-process", "--quiet");
        Assert.True(code == 0, err);
        list.Add(("sweep", Path.Combine(folder, "report.html")));
        return list;
    }
}
