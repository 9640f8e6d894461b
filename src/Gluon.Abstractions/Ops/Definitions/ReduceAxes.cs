namespace Gluon.Ops.Definitions;

/// <summary>
/// Parsed <c>axis</c>/<c>keepdims</c>/<c>exclude</c> of the reduction ops and the resulting
/// axis set; shared by every reduction and its gradient.
/// </summary>
public sealed record ReduceParam(int[]? Axis, bool KeepDims, bool Exclude)
{
    /// <summary>Parses MXNet's reduction attributes (<c>axis</c> may be an int, a tuple, <c>()</c> or <c>None</c>).</summary>
    public static ReduceParam Parse(OpAttrs a) =>
        new(a.GetTuple("axis", null), a.GetBool("keepdims", false), a.GetBool("exclude", false));

    /// <summary>
    /// The sorted, normalized set of reduced axes for an input shape: all axes when <c>axis</c> is
    /// unset or empty, the complement when <c>exclude</c> is set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range (names the op and the shape).</exception>
    /// <exception cref="ArgumentException">An axis is repeated.</exception>
    public bool[] ReducedMask(string op, Shape input)
    {
        var mask = new bool[input.Rank];
        if (Axis is null || Axis.Length == 0)
        {
            // MXNet: axis=() reduces everything, except that exclude=True with () reduces nothing.
            Array.Fill(mask, !(Exclude && Axis is not null));
            return mask;
        }
        foreach (int ax in Axis)
        {
            int a = input.NormalizeAxis(ax, op);
            if (mask[a]) throw new ArgumentException($"{op}: axis {ax} appears twice in {Shape.Format(Axis)} for input shape {input}");
            mask[a] = true;
        }
        if (Exclude) for (int i = 0; i < mask.Length; i++) mask[i] = !mask[i];
        return mask;
    }

    /// <summary>
    /// The output shape: reduced axes removed, or kept as 1 with <c>keepdims</c>. A result with no
    /// axes left is <c>(1,)</c>, as in legacy mx.nd (<c>ReduceAxesShapeImpl</c>).
    /// </summary>
    public Shape OutputShape(string op, Shape input)
    {
        var mask = ReducedMask(op, input);
        var d = new List<int>(input.Rank);
        for (int i = 0; i < input.Rank; i++)
        {
            if (!mask[i]) d.Add(input[i]);
            else if (KeepDims) d.Add(1);
        }
        if (d.Count == 0) d.Add(1);
        return new Shape(d.ToArray());
    }

    /// <summary>The output shape with reduced axes kept as 1 (used to broadcast gradients back).</summary>
    public Shape KeptShape(string op, Shape input)
    {
        var mask = ReducedMask(op, input);
        var d = input.ToArray();
        for (int i = 0; i < d.Length; i++) if (mask[i]) d[i] = 1;
        return new Shape(d);
    }
}
