using Gluon.Ops.Definitions;

namespace Gluon;

public sealed partial class NDArray
{
    /// <summary>This array clamped to [<paramref name="aMin"/>, <paramref name="aMax"/>] (<c>x.clip</c>).</summary>
    public NDArray Clip(double aMin, double aMax) => Nd.Clip(this, aMin, aMax);

    /// <summary>Slices along <paramref name="axis"/> at <paramref name="indices"/> (<c>x.take</c>; see <see cref="Nd.Take"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range, or (raise mode) an index is.</exception>
    public NDArray Take(NDArray indices, int axis = 0, IndexMode mode = IndexMode.Clip) => Nd.Take(this, indices, axis, mode);

    /// <summary>One element per position along <paramref name="axis"/> (<c>x.pick</c>; see <see cref="Nd.Pick"/>).</summary>
    /// <exception cref="ArgumentException">index's shape does not match.</exception>
    public NDArray Pick(NDArray index, int axis = -1, bool keepDims = false, IndexMode mode = IndexMode.Clip) =>
        Nd.Pick(this, index, axis, keepDims, mode);

    /// <summary>One-hot encoding of this array's values (<c>x.one_hot</c>; see <see cref="Nd.OneHot"/>).</summary>
    public NDArray OneHot(int depth, double onValue = 1, double offValue = 0, DType dtype = DType.Float32) =>
        Nd.OneHot(this, depth, onValue, offValue, dtype);
}
