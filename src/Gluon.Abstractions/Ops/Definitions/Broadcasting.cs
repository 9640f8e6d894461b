namespace Gluon.Ops.Definitions;

/// <summary>Numpy broadcasting rules shared by the broadcast ops and their gradients.</summary>
public static class Broadcasting
{
    /// <summary>
    /// The broadcast shape of two shapes: align right, each pair of dims equal or one of them 1.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes cannot broadcast (names the op and both shapes).</exception>
    public static Shape Shape(string op, Shape a, Shape b)
    {
        int r = Math.Max(a.Rank, b.Rank);
        var d = new int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i - (r - a.Rank) >= 0 ? a[i - (r - a.Rank)] : 1;
            int db = i - (r - b.Rank) >= 0 ? b[i - (r - b.Rank)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {a} and {b} cannot be broadcast together (axis {i}: {da} vs {db})");
            d[i] = da == 1 ? db : da;
        }
        return new Shape(d);
    }

    /// <summary>
    /// Sums a gradient of the broadcast output shape back to an input's shape (the adjoint of
    /// broadcasting), with ops so it can be differentiated again.
    /// </summary>
    public static NDArray SumToShape(NDArray grad, Shape target)
    {
        if (grad.Shape == target) return grad;
        int r = grad.NDim, pad = r - target.Rank;
        var axes = new List<int>();
        for (int i = 0; i < r; i++)
        {
            int t = i >= pad ? target[i - pad] : 1;
            if (t == 1 && grad.Shape[i] != 1) axes.Add(i);
        }
        var s = axes.Count > 0 ? Nd.Sum(grad, axes.ToArray(), keepDims: true) : grad;
        return s.Shape == target ? s : Nd.ReshapeTo(s, target);
    }
}
