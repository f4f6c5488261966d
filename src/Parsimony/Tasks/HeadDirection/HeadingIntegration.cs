using Parsimony.Tasks.Navigation;
using static TorchSharp.torch;

namespace Parsimony.Tasks.HeadDirection;

/// <summary>
/// Path integration on the unit circle (the head-direction task of the self-supervised information runs): the
/// random-walk agent of <see cref="TrajectoryGenerator"/> supplies headings θ_t; the input of step t is the change of
/// the heading vector (cos θ, sin θ) since step t − 1 (zero at the first step), the stimulus is θ_t.
/// </summary>
public static class HeadingIntegration
{
    /// <summary>
    /// The box of the walk whose headings are used: the navigation task's 2.2 m, so the heading statistics (turns near
    /// walls included) are those of the same agent.
    /// </summary>
    public const double WalkBox = 2.2;

    /// <summary>Input [T, B, 2] and headings [T, B] (radians) of a trajectory batch.</summary>
    public static (Tensor Input, Tensor Heading) Of(TrajectoryBatch batch)
    {
        var heading = atan2(batch.Velocity[.., .., 1], batch.Velocity[.., .., 0]);
        var direction = stack([heading.cos(), heading.sin()], -1);
        var step = cat([zeros_like(direction[..1]), direction[1..] - direction[..^1]]);
        return (step, heading);
    }
}
