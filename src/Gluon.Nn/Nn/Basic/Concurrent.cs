namespace Gluon.Nn;

/// <summary>
/// Runs every child on the same input and concatenates their outputs along <see cref="Axis"/>
/// (MXNet's <c>gluon.contrib.nn.Concurrent</c>), as in an Inception block.
/// </summary>
public class Concurrent : Sequential
{
    /// <summary>An empty container concatenating along <paramref name="axis"/>.</summary>
    public Concurrent(int axis = -1, string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) => Axis = axis;

    /// <summary>The concatenation axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override NDArray[] ForwardMulti(NDArray?[] inputs) => [ConcurrentRun.Run(this, Children, inputs, Axis)];
}
