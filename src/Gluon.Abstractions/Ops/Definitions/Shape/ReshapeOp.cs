namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>Reshape</c> (alias <c>reshape</c>): a view of the input with a new shape described by
/// <c>shape</c> with MXNet's special codes: 0 copies the input dim, -1 infers one dim, -2 copies
/// all remaining dims, -3 merges two consecutive dims, -4 splits one dim into the next two values
/// (one of which may be -1). With <c>reverse</c> the codes are matched right to left.
/// </summary>
public sealed class ReshapeOp : OpDef<ReshapeOp.Param>
{
    /// <summary>The target shape codes and the matching direction.</summary>
    public sealed record Param(int[] Shape, bool Reverse);

    /// <inheritdoc/>
    public override string Name => "Reshape";
    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => ["reshape"];

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        // The legacy pair (target_shape, keep_highest) predates the special codes; MXNet 1.x
        // keeps it only for old symbol files. It is rejected here rather than half-supported.
        if (a.GetTuple("target_shape", null) is { Length: > 0 } || a.GetBool("keep_highest", false))
            throw Error("the legacy attributes 'target_shape'/'keep_highest' are not supported; use 'shape' (with 0/-1/-2/-3/-4 codes)");
        var s = a.GetRequiredTuple(Name, "shape");
        return new Param(s, a.GetBool("reverse", false));
    }

    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [Infer(Name, inputs[0], p.Shape, p.Reverse)];

    /// <inheritdoc/>
    public override int? ViewOffset(object param, Shape[] inputs) => 0;

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g) => [Nd.ReshapeTo(g.OutGrads[0], g.Inputs[0].Shape)];

    /// <summary>
    /// The output shape of reshaping <paramref name="input"/> with MXNet's codes.
    /// </summary>
    /// <exception cref="ArgumentException">A code cannot apply or the sizes differ (the message names the op, the code and both shapes).</exception>
    public static Shape Infer(string op, Shape input, int[] codes, bool reverse)
    {
        var d = input.ToArray();
        var c = (int[])codes.Clone();
        if (reverse)
        {
            // Reverse matching = reverse both sequences, match left to right, reverse the result.
            // A -4 split's two values stay after the -4 so they are swapped back into order.
            Array.Reverse(d);
            c = ReverseCodes(op, codes, input);
        }
        string What() => $"shape {Shape.Format(codes)}{(reverse ? " (reverse=True)" : "")} on input {input}";
        var outDims = new List<int>();
        int src = 0, infer = -1;
        for (int i = 0; i < c.Length; i++)
        {
            int v = c[i];
            switch (v)
            {
                case 0:
                    if (src >= d.Length) throw new ArgumentException($"{op}: code 0 at position {i} has no input dim to copy ({What()})");
                    outDims.Add(d[src++]);
                    break;
                case -1:
                    if (infer >= 0) throw new ArgumentException($"{op}: code -1 appears more than once; only one dim can be inferred ({What()})");
                    infer = outDims.Count;
                    outDims.Add(1);
                    src++;
                    break;
                case -2:
                    while (src < d.Length) outDims.Add(d[src++]);
                    break;
                case -3:
                    if (src + 1 >= d.Length) throw new ArgumentException($"{op}: code -3 at position {i} needs two input dims to merge ({What()})");
                    outDims.Add(d[src] * d[src + 1]);
                    src += 2;
                    break;
                case -4:
                {
                    if (i + 2 >= c.Length) throw new ArgumentException($"{op}: code -4 at position {i} must be followed by two split sizes ({What()})");
                    if (src >= d.Length) throw new ArgumentException($"{op}: code -4 at position {i} has no input dim to split ({What()})");
                    int d0 = d[src++], d1 = c[++i], d2 = c[++i];
                    if (d1 == -1 && d2 == -1) throw new ArgumentException($"{op}: code -4 split sizes cannot both be -1 ({What()})");
                    if (d1 < -1 || d2 < -1 || d1 == 0 || d2 == 0) throw new ArgumentException($"{op}: code -4 split sizes ({d1}, {d2}) must be positive or -1 ({What()})");
                    if (d1 == -1) d1 = d2 == 0 ? 0 : d0 / d2;
                    if (d2 == -1) d2 = d1 == 0 ? 0 : d0 / d1;
                    if ((long)d1 * d2 != d0) throw new ArgumentException($"{op}: code -4 split sizes ({d1}, {d2}) do not multiply to input dim {d0} ({What()})");
                    outDims.Add(d1);
                    outDims.Add(d2);
                    break;
                }
                default:
                    if (v < -4) throw new ArgumentException($"{op}: code {v} at position {i} is not a valid dim or special code ({What()})");
                    outDims.Add(v);
                    src++;
                    break;
            }
        }
        if (infer >= 0)
        {
            long known = 1;
            for (int k = 0; k < outDims.Count; k++) if (k != infer) known *= outDims[k];
            if (known == 0 || input.Size % known != 0)
                throw new ArgumentException($"{op}: code -1 cannot be inferred: {input.Size} elements are not divisible by {known} ({What()})");
            outDims[infer] = (int)(input.Size / known);
        }
        if (reverse) outDims.Reverse();
        long size = 1;
        foreach (int x in outDims) size *= x;
        if (size != input.Size)
            throw new ArgumentException($"{op}: cannot reshape {input} ({input.Size} elements) to {Shape.Format(outDims.ToArray())} ({size} elements) with {What()}");
        return new Shape(outDims.ToArray());
    }

    private static int[] ReverseCodes(string op, int[] codes, Shape input)
    {
        // Group -4 with its two sizes so the group survives the reversal as (-4, b, a) -> (-4, a', b'):
        // reversed order of the split sizes, since the output is reversed back at the end.
        var groups = new List<int[]>();
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] == -4)
            {
                if (i + 2 >= codes.Length)
                    throw new ArgumentException($"{op}: code -4 at position {i} must be followed by two split sizes (shape {Shape.Format(codes)} (reverse=True) on input {input})");
                groups.Add([-4, codes[i + 2], codes[i + 1]]);
                i += 2;
            }
            else groups.Add([codes[i]]);
        }
        groups.Reverse();
        return groups.SelectMany(g => g).ToArray();
    }
}
