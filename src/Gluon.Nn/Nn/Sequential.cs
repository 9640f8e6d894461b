namespace Gluon.Nn;

/// <summary>
/// Runs its children in order, each on the previous one's outputs (MXNet's <c>gluon.nn.Sequential</c>).
/// </summary>
public class Sequential : Block
{
    /// <summary>An empty container.</summary>
    public Sequential(string? prefix = null, ParameterDict? @params = null) : base(prefix, @params) { }

    /// <summary>Appends <paramref name="blocks"/> as children named 0, 1, ...</summary>
    public void Add(params Block[] blocks)
    {
        foreach (var b in blocks) RegisterChild(b);
    }

    /// <summary>Number of children.</summary>
    public int Count => Children.Count;

    /// <summary>The child at <paramref name="index"/>.</summary>
    public Block this[int index] => Children[index].Value;

    /// <summary>A new container with the same prefix holding the children in <paramref name="range"/>.</summary>
    public Sequential this[Range range]
    {
        get
        {
            var net = new Sequential(Prefix);
            using (net.NameScope())
                foreach (var (_, b) in Children.Take(range)) net.Add(b);
            return net;
        }
    }

    /// <inheritdoc/>
    public override NDArray[] ForwardMulti(NDArray?[] inputs) => SequentialChain.Run(Children, inputs);

    /// <inheritdoc/>
    public override void Hybridize(bool active = true, bool staticAlloc = false, bool staticShape = false)
    {
        if (Children.Count > 0 && Children.All(c => c.Value is HybridBlock))
            Warnings.Emit($"All children of this Sequential layer '{Prefix}' are HybridBlocks. Consider using HybridSequential for the best performance.");
        base.Hybridize(active, staticAlloc, staticShape);
    }

    /// <inheritdoc/>
    public override string ToString() => SequentialChain.Repr(GetType().Name, Children);
}
