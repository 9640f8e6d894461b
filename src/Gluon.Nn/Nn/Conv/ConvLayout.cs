namespace Gluon.Nn;

/// <summary>
/// Layout checks and the axis permutations that let conv and pooling layers accept channel-last
/// data (NWC, NHWC, NDHWC): the ops compute channel-first only, so such data (and a conv weight,
/// which follows the data layout) is transposed to channel-first and the result back.
/// </summary>
internal static class ConvLayout
{
    /// <summary>
    /// Checks <paramref name="layout"/> against <paramref name="allowed"/> (MXNet's asserts) and
    /// returns true when it is channel-last.
    /// </summary>
    /// <exception cref="ArgumentException">The layout is not allowed for the layer.</exception>
    internal static bool IsChannelLast(string layer, string layout, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (Array.IndexOf(allowed, layout) < 0)
            throw new ArgumentException($"{layer}: layout '{layout}' is not supported; only {string.Join(" and ", allowed)} are valid", nameof(layout));
        return layout[^1] == 'C';
    }

    /// <summary>The channel-first spelling of a layout: NHWC → NCHW.</summary>
    internal static string ChannelFirst(string layout) => layout[^1] == 'C' ? "NC" + layout[1..^1] : layout;

    /// <summary>Axes taking a rank-<paramref name="rank"/> channel-last array to channel-first: (0, r−1, 1, ..., r−2).</summary>
    internal static int[] ToChannelFirst(int rank)
    {
        var axes = new int[rank];
        axes[1] = rank - 1;
        for (int i = 2; i < rank; i++) axes[i] = i - 1;
        return axes;
    }

    /// <summary>Axes taking a rank-<paramref name="rank"/> channel-first array to channel-last: (0, 2, ..., r−1, 1).</summary>
    internal static int[] ToChannelLast(int rank)
    {
        var axes = new int[rank];
        for (int i = 1; i < rank - 1; i++) axes[i] = i + 1;
        axes[rank - 1] = 1;
        return axes;
    }

    /// <summary>Checks that <paramref name="x"/> has batch, channel and <paramref name="ndim"/> spatial dims.</summary>
    /// <exception cref="ArgumentException">Another rank.</exception>
    internal static void CheckRank(string layer, string layout, NDArray x, int ndim)
    {
        if (x.Shape.Rank != ndim + 2)
            throw new ArgumentException($"{layer}: input {x.Shape} must have {ndim + 2} dims for layout {layout}", nameof(x));
    }

    /// <summary>Python's spelling of a bool.</summary>
    internal static string Py(bool b) => b ? "True" : "False";
}
