using Gluon.Nn;

namespace Gluon.Data.Vision.Transforms;

/// <summary>
/// Applies transforms one after another (MXNet's <c>transforms.Compose(list)</c>). As in MXNet,
/// each run of consecutive HybridBlocks is grouped into one <see cref="HybridSequential"/> child
/// (a single HybridBlock stays as it is), so that run can be hybridized.
/// </summary>
public sealed class Compose : Sequential
{
    /// <summary>A composition of <paramref name="transforms"/>, applied in order.</summary>
    public Compose(params Block[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        var hybrid = new List<HybridBlock>();
        foreach (var t in transforms.Append(null))
        {
            if (t is HybridBlock h)
            {
                hybrid.Add(h);
                continue;
            }
            if (hybrid.Count == 1) RegisterChild(hybrid[0]);
            else if (hybrid.Count > 1)
            {
                var run = new HybridSequential();
                run.Add([.. hybrid]);
                RegisterChild(run);
            }
            hybrid.Clear();
            if (t is not null) RegisterChild(t);
        }
    }
}
