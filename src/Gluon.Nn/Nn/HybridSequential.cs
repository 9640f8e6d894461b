namespace Gluon.Nn;

/// <summary>
/// Runs its hybrid children in order (MXNet's <c>gluon.nn.HybridSequential</c>).
/// </summary>
public class HybridSequential : HybridBlock
{
    /// <summary>An empty container.</summary>
    public HybridSequential(string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) { }

    /// <summary>Appends <paramref name="blocks"/> (HybridBlocks) as children named 0, 1, ...</summary>
    public void Add(params Block[] blocks)
    {
        foreach (var b in blocks) RegisterChild(b);
    }

    /// <summary>Number of children.</summary>
    public int Count => Children.Count;

    /// <summary>The child at <paramref name="index"/>.</summary>
    public Block this[int index] => Children[index].Value;

    /// <summary>A new container with the same prefix holding the children in <paramref name="range"/>.</summary>
    public HybridSequential this[Range range]
    {
        get
        {
            var net = new HybridSequential(Prefix);
            using (net.NameScope())
                foreach (var (_, b) in Children.Take(range)) net.Add(b);
            return net;
        }
    }

    /// <inheritdoc/>
    public override NDArray[] ForwardMulti(NDArray?[] inputs) => SequentialChain.Run(Children, inputs);

    /// <inheritdoc/>
    public override string ToString() => SequentialChain.Repr(GetType().Name, Children);
}
