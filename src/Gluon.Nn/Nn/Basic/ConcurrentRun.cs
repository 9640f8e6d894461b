namespace Gluon.Nn;

/// <summary>What Concurrent and HybridConcurrent share: run each child on the inputs, concatenate.</summary>
internal static class ConcurrentRun
{
    /// <summary>The first output of every child on <paramref name="inputs"/>, concatenated along <paramref name="axis"/>.</summary>
    /// <exception cref="InvalidOperationException">The container has no children.</exception>
    public static NDArray Run(Block owner, IReadOnlyList<KeyValuePair<string, Block>> children, NDArray?[] inputs, int axis)
    {
        if (children.Count == 0)
            throw new InvalidOperationException($"{owner.GetType().Name} '{owner.Name}': no children to run (add blocks first)");
        var outs = new NDArray[children.Count];
        for (int i = 0; i < outs.Length; i++) outs[i] = children[i].Value.CallMulti(inputs)[0];
        // Like MXNet, a single child still goes through concat (a copy), and the op checks the axis.
        return Nd.Concat(outs, axis);
    }
}
