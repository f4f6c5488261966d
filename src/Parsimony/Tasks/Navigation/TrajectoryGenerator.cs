using static TorchSharp.torch;

namespace Parsimony.Tasks.Navigation;

/// <summary>A batch of trajectories, time-major, on one device.</summary>
/// <param name="Velocity">Inputs [T, B, 2]: displacement per step (m), which integrates exactly to the positions.</param>
/// <param name="Position">Targets [T, B, 2]: positions after each step (m, box centred at 0).</param>
/// <param name="Start">Start positions [B, 2] (the place-cell code of which initialises the RNN).</param>
public sealed record TrajectoryBatch(Tensor Velocity, Tensor Position, Tensor Start) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Velocity.Dispose();
        Position.Dispose();
        Start.Dispose();
    }
}

/// <summary>
/// The random-walk agent of Sorscher et al. as used by the moduli paper (spec moduli.md §3.1): a square box of side
/// <see cref="Box"/> m, speed ~ Rayleigh(0.13·2π) m/s, turn = dt·N(0, 11.52 rad/s), and near a wall (within 0.03 m and
/// heading toward it) a turn away of sign(a)·(π/2 − |a|) with speed × 0.25. As in the reference, the step is taken
/// along the heading before the turn, so a fast step can cross a wall by a few centimetres. Each batch depends only on (seed, index), so
/// training streams need no generator state in checkpoints and resume is exact. Plain float64 C#: a batch of 200 × 50
/// steps takes microseconds, and one copy moves it to the device.
/// </summary>
public sealed class TrajectoryGenerator(double box = 2.2, int steps = 50, double dt = 0.02)
{
    const double Border = 0.03;
    const double TurnSigma = 5.76 * 2;
    const double SpeedScale = 0.13 * 2 * Math.PI;

    /// <summary>Side of the square box (m).</summary>
    public double Box { get; } = box;
    /// <summary>Steps per trajectory.</summary>
    public int Steps { get; } = steps;

    /// <summary>Batch number <paramref name="index"/> of the stream <paramref name="seed"/>: <paramref name="batch"/> trajectories on <paramref name="device"/>.</summary>
    public TrajectoryBatch Batch(long seed, long index, int batch, Device device)
    {
        var rng = new Random(Mix(seed, index));
        int samples = Steps + 2;
        var velocity = new float[Steps * batch * 2];
        var position = new float[Steps * batch * 2];
        var start = new float[batch * 2];
        var x = new double[samples + 1];
        var y = new double[samples + 1];
        var hd = new double[samples + 1];
        var v = new double[samples + 1];
        for (int b = 0; b < batch; b++)
        {
            x[0] = (rng.NextDouble() - 0.5) * Box;
            y[0] = (rng.NextDouble() - 0.5) * Box;
            hd[0] = rng.NextDouble() * 2 * Math.PI;
            for (int t = 0; t < samples; t++)
            {
                double speed = SpeedScale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble()));
                double turn = 0;
                var (wall, angle) = Wall(x[t], y[t], hd[t]);
                if (wall < Border && Math.Abs(angle) < Math.PI / 2)
                {
                    turn += Math.Sign(angle) * (Math.PI / 2 - Math.Abs(angle));
                    speed *= 0.25;
                }
                turn += dt * TurnSigma * Gaussian(rng);
                v[t] = speed * dt;
                x[t + 1] = x[t] + v[t] * Math.Cos(hd[t]);
                y[t + 1] = y[t] + v[t] * Math.Sin(hd[t]);
                hd[t + 1] = hd[t] + turn;
            }
            start[b * 2] = (float)x[1];
            start[b * 2 + 1] = (float)y[1];
            for (int t = 0; t < Steps; t++)
            {
                int o = (t * batch + b) * 2;
                velocity[o] = (float)(v[t + 1] * Math.Cos(hd[t + 1]));
                velocity[o + 1] = (float)(v[t + 1] * Math.Sin(hd[t + 1]));
                position[o] = (float)x[t + 2];
                position[o + 1] = (float)y[t + 2];
            }
        }
        return new TrajectoryBatch(
            tensor(velocity, [Steps, batch, 2]).to(device),
            tensor(position, [Steps, batch, 2]).to(device),
            tensor(start, [batch, 2]).to(device));
    }

    /// <summary>Distance to the nearest wall and the heading relative to that wall's inward normal, wrapped to (−π, π].</summary>
    (double Distance, double Angle) Wall(double x, double y, double heading)
    {
        double half = Box / 2;
        Span<double> d = [half - x, half - y, half + x, half + y];
        int nearest = 0;
        for (int i = 1; i < 4; i++) if (d[i] < d[nearest]) nearest = i;
        double a = heading % (2 * Math.PI);
        if (a < 0) a += 2 * Math.PI;
        a -= nearest * Math.PI / 2;
        a = (a + Math.PI) % (2 * Math.PI);
        if (a < 0) a += 2 * Math.PI;
        return (d[nearest], a - Math.PI);
    }

    static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    static int Mix(long seed, long index)
    {
        ulong z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFF_FFFF);
    }
}
