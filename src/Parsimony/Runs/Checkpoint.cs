using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Parsimony.Runs;

/// <summary>
/// Everything needed to continue a run bit-identically: the module's state (parameters and buffers such as pruning
/// masks), the optimizer's state, every named random stream's state, the step, and whatever the job adds.
/// </summary>
/// <param name="Model">The trained module.</param>
/// <param name="Optimizer">Its optimizer.</param>
/// <param name="Rng">The job's named random streams.</param>
public sealed record TrainingState(nn.Module Model, OptimizerHelper Optimizer, RngStreams Rng);

/// <summary>
/// Saves and restores checkpoints under <c>checkpoints/step-NNNNNNNN/</c> (<c>model.safetensors</c>,
/// <c>optimizer.bin</c>, <c>state.json</c>). A checkpoint is written in a temporary folder and renamed into place,
/// so a killed process never leaves a partial one; the two newest are kept.
/// </summary>
public static class Checkpoints
{
    const string Prefix = "step-";

    /// <summary>
    /// Saves the state after <paramref name="step"/> optimizer steps; <paramref name="extra"/> holds the caller's fields.
    /// A <paramref name="label"/> other than the default <c>step</c> (e.g. <c>diverged</c>) names a checkpoint that
    /// resume never picks.
    /// </summary>
    public static string Save(RunFolder run, long step, TrainingState state, JsonObject extra, string label = "step", int keep = 2)
    {
        Directory.CreateDirectory(run.CheckpointsDir);
        var final = Path.Combine(run.CheckpointsDir, $"{label}-{step:D8}");
        var tmp = Path.Combine(run.CheckpointsDir, $".tmp-{label}-{step:D8}");
        try
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            Directory.CreateDirectory(tmp);
            SafeTensors.Save(Path.Combine(tmp, "model.safetensors"), state.Model.state_dict());
            FaultPoints.Reach("checkpoint-write");
            using (var stream = File.Create(Path.Combine(tmp, "optimizer.bin")))
            using (var writer = new BinaryWriter(stream))
                state.Optimizer.save_state_dict(writer);
            var rng = new JsonObject();
            foreach (var (name, generator) in state.Rng.Streams) rng[name] = Convert.ToBase64String(StateBytes(generator.get_state()));
            var json = new JsonObject { ["step"] = step, ["rng"] = rng, ["extra"] = extra.DeepClone() };
            File.WriteAllText(Path.Combine(tmp, "state.json"), json.ToJsonString(Json.Options));
            if (Directory.Exists(final)) Directory.Delete(final, true);
            Directory.Move(tmp, final);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A checkpoint that could not be completed must not stay behind (a full disk would stay full).
            try { if (Directory.Exists(tmp)) Directory.Delete(tmp, true); } catch (IOException) { }
            throw new ParsimonyException($"Writing the checkpoint after step {step} to {run.CheckpointsDir} failed: {e.Message} " +
                                         "The previous checkpoint is intact; free space (or fix the folder's permissions) and continue with --resume.", e);
        }
        foreach (var old in List(run).SkipLast(keep)) Directory.Delete(old, true);
        return final;
    }

    /// <summary>The newest complete checkpoint folder, or null when the run has none.</summary>
    public static string? Latest(RunFolder run) => List(run).LastOrDefault();

    /// <summary>The newest <c>diverged-*</c> snapshot of a run that diverged, or null.</summary>
    public static string? Diverged(RunFolder run) => Directory.Exists(run.CheckpointsDir)
        ? Directory.GetDirectories(run.CheckpointsDir, "diverged-*").Order(StringComparer.Ordinal).LastOrDefault()
        : null;

    /// <summary>The step in a checkpoint folder's name (<c>step-00000042</c> → 42).</summary>
    public static long StepOf(string checkpoint) => long.Parse(Path.GetFileName(checkpoint).Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Restores <paramref name="state"/> from <paramref name="dir"/>; returns (step, extra).</summary>
    public static (long Step, JsonObject Extra) Load(string dir, TrainingState state)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "state.json")))!.AsObject();
        var weights = SafeTensors.Load(Path.Combine(dir, "model.safetensors"));
        var device = state.Model.parameters().First().device;
        var (missing, unexpected) = state.Model.load_state_dict(weights.ToDictionary(kv => kv.Key, kv => kv.Value.to(device)), strict: false);
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ParsimonyException($"Checkpoint {dir} does not fit this model (missing: {string.Join(", ", missing)}; unexpected: {string.Join(", ", unexpected)}).");
        using (var stream = File.OpenRead(Path.Combine(dir, "optimizer.bin")))
        using (var reader = new BinaryReader(stream))
            state.Optimizer.load_state_dict(reader);
        var rng = json["rng"]!.AsObject();
        foreach (var (name, generator) in state.Rng.Streams)
            generator.set_state(FromBytes((string?)rng[name] ?? throw new ParsimonyException($"Checkpoint {dir} has no state for the random stream '{name}'.")));
        return ((long)json["step"]!, json["extra"]!.AsObject());
    }

    static IEnumerable<string> List(RunFolder run) => Directory.Exists(run.CheckpointsDir)
        ? Directory.GetDirectories(run.CheckpointsDir, Prefix + "*").Order(StringComparer.Ordinal)
        : [];

    static byte[] StateBytes(Tensor t)
    {
        using (t) return t.contiguous().bytes.ToArray();
    }

    static Tensor FromBytes(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var t = empty(bytes.Length, ScalarType.Byte);
        t.bytes = bytes;
        return t;
    }
}
