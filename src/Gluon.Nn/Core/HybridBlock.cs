namespace Gluon;

/// <summary>
/// A block whose forward pass uses only ops, so it can be hybridized (MXNet's
/// <c>gluon.HybridBlock</c>). Children must be HybridBlocks. A call runs with the inputs'
/// context as the current context, so <c>param.Data()</c> inside <c>Forward</c> picks the copy
/// on that context.
/// </summary>
/// <remarks>
/// <see cref="Hybridize"/> records MXNet's flags; until the graph executor lands, a hybridized
/// block still runs imperatively (same results, no graph caching).
/// </remarks>
public class HybridBlock : Block
{
    /// <summary>A hybrid block named from <paramref name="prefix"/>, sharing <paramref name="params"/> when given.</summary>
    public HybridBlock(string? prefix = null, ParameterDict? @params = null) : base(prefix, @params, null) { }

    /// <summary>As the public constructor, with an explicit naming hint.</summary>
    protected HybridBlock(string? prefix, ParameterDict? @params, string? alias) : base(prefix, @params, alias) { }

    /// <summary>True after <c>Hybridize()</c> (and until <c>Hybridize(false)</c>).</summary>
    public bool IsActive { get; private set; }

    /// <summary>The <c>static_alloc</c> flag given to <see cref="Hybridize"/>.</summary>
    public bool StaticAlloc { get; private set; }

    /// <summary>The <c>static_shape</c> flag given to <see cref="Hybridize"/>.</summary>
    public bool StaticShape { get; private set; }

    /// <inheritdoc/>
    public override void Hybridize(bool active = true, bool staticAlloc = false, bool staticShape = false)
    {
        IsActive = active;
        StaticAlloc = staticAlloc;
        StaticShape = staticShape;
        ClearCachedOp();
        if (active && HasHooks)
            Warnings.Emit($"\"{Name}\" is being hybridized while still having forward hook/pre-hook. If \"{Name}\" is a child of HybridBlock, the hooks will not take effect.");
        base.Hybridize(active, staticAlloc, staticShape);
    }

    /// <summary>Drops the cached graph (nothing is cached while hybrid blocks run imperatively).</summary>
    protected virtual void ClearCachedOp() { }

    /// <inheritdoc/>
    protected override void OnRegisterChild(Block block)
    {
        if (block is not HybridBlock)
            throw new ArgumentException($"Children of HybridBlock must also be HybridBlock, but {block.Name} has type {block.GetType().Name}. If you are using Sequential, please try HybridSequential instead.");
        ClearCachedOp();
    }

    /// <inheritdoc/>
    public override void Cast(DType dtype)
    {
        ClearCachedOp();
        base.Cast(dtype);
    }

    /// <inheritdoc/>
    protected override NDArray[] CallCore(NDArray?[] inputs)
    {
        Context? ctx = null;
        foreach (var x in inputs)
        {
            if (x is null) continue;
            if (ctx is null) ctx = x.Context;
            else if (x.Context != ctx)
                throw new ArgumentException($"{GetType().Name} '{Name}': all inputs must be on the same context, found {ctx} and {x.Context}");
        }
        if (ctx is null)
            throw new ArgumentException($"{GetType().Name} '{Name}': HybridBlock requires at least one NDArray input");
        using (ctx.Value.Use()) return ForwardMulti(inputs);
    }
}
