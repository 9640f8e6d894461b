namespace Gluon.Nn;

/// <summary>
/// Runs every hybrid child on the same input and concatenates their outputs along
/// <see cref="Axis"/> (MXNet's <c>gluon.contrib.nn.HybridConcurrent</c>).
/// </summary>
public class HybridConcurrent : HybridSequential
{
    /// <summary>An empty container concatenating along <paramref name="axis"/>.</summary>
    public HybridConcurrent(int axis = -1, string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) => Axis = axis;

    /// <summary>The concatenation axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override NDArray[] ForwardMulti(NDArray?[] inputs) => [ConcurrentRun.Run(this, Children, inputs, Axis)];
}
