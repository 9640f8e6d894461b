using System.Text;

namespace Gluon.Nn;

/// <summary>What Sequential and HybridSequential share: chaining children and their repr.</summary>
internal static class SequentialChain
{
    /// <summary>Feeds every output of each child as the inputs of the next.</summary>
    public static NDArray[] Run(IReadOnlyList<KeyValuePair<string, Block>> children, NDArray?[] inputs)
    {
        NDArray?[] x = inputs;
        NDArray[]? y = null;
        foreach (var (_, child) in children)
        {
            y = child.CallMulti(x);
            x = y;
        }
        return y ?? inputs.Select(i => i ?? throw new ArgumentNullException(nameof(inputs))).ToArray();
    }

    /// <summary>MXNet's container repr: one <c>(key): child</c> line per child.</summary>
    public static string Repr(string name, IReadOnlyList<KeyValuePair<string, Block>> children)
    {
        var sb = new StringBuilder(name).Append("(\n");
        sb.Append(string.Join("\n", children.Select(c => $"  ({c.Key}): {c.Value.ToString().Replace("\n", "\n  ")}")));
        return sb.Append("\n)").ToString();
    }
}
