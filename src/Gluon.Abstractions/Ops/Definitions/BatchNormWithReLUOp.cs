namespace Gluon.Ops.Definitions;

/// <summary>
/// <c>_contrib_BatchNormWithReLU</c> (alias <c>_npx_batch_norm_with_relu</c>): BatchNorm with the
/// relu fused, <c>output = max(0, γ(x − μ)/√(σ² + eps) + β)</c> (NaN gives 0). Parameters,
/// defaults, inputs, the mean and var outputs and the moving-statistics update are those of
/// <see cref="BatchNormOp"/>; the relu applies to the output only. Gradient: the output gradient
/// masked where output &lt;= 0, then BatchNorm's gradient.
/// </summary>
/// <remarks>
/// MXNet's op (oneDNN only) has a fourth hidden output, a workspace holding oneDNN's relu mask;
/// this port masks with the saved output instead, so the op has BatchNorm's three outputs.
/// </remarks>
public sealed class BatchNormWithReLUOp : BatchNormOpBase
{
    private static readonly string[] s_aliases = ["_npx_batch_norm_with_relu"];

    /// <inheritdoc/>
    public override string Name => "_contrib_BatchNormWithReLU";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => s_aliases;

    private protected override bool FusedRelu => true;
}
