namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>reset_arrays(arrays..., num_arrays)</c>: sets every input to zero in place (used to zero
/// many gradients in one call). No outputs.
/// </summary>
public sealed class ResetArraysOp : OpDef<ResetArraysOp.Param>
{
    /// <summary>The input count and names.</summary>
    public sealed record Param(int NumArrays, string[] Names);

    /// <inheritdoc/>
    public override string Name => "reset_arrays";

    /// <inheritdoc/>
    protected override Param ParseParam(OpAttrs a)
    {
        int n = a.GetInt(Name, "num_arrays");
        if (n < 1) throw Error($"num_arrays={n} must be at least 1");
        var names = new string[n];
        for (int i = 0; i < n; i++) names[i] = $"array{i}";
        return new Param(n, names);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((Param)param).Names;
    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => [];
    /// <inheritdoc/>
    public override IReadOnlyList<int> AuxInputs(object param)
    {
        var r = new int[((Param)param).NumArrays];
        for (int i = 0; i < r.Length; i++) r[i] = i;
        return r;
    }
    /// <inheritdoc/>
    protected override Shape[] InferShape(Param p, Shape[] inputs) => [];
    /// <inheritdoc/>
    public override DType[] InferType(object param, DType[] inputs) => [];
}
