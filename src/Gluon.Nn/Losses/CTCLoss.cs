namespace Gluon.Losses;

/// <summary>
/// Connectionist temporal classification loss (MXNet's <c>gluon.loss.CTCLoss</c>). Inputs
/// (pred, label, pred_lengths=None, label_lengths=None, sample_weight=None). pred holds
/// unnormalized activations, (N, T, C) for layout NTC or (T, N, C) for TNC, where class C−1 is
/// the blank; label holds class indices, (N, L) or (L, N), padded with −1 unless label_lengths
/// is given. Runs the <c>CTCLoss</c> op with <c>blank_label='last'</c> and returns
/// <c>−log p(label | pred)</c> per sample, shape (N,), times the weights (not averaged).
/// </summary>
public class CTCLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="layout">Layout of pred: <c>NTC</c> or <c>TNC</c>.</param>
    /// <param name="labelLayout">Layout of label: <c>NT</c> or <c>TN</c> (its N position is the batch axis).</param>
    /// <param name="weight">Global scalar weight (null: none).</param>
    /// <param name="prefix">Block prefix (null: automatic).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    /// <exception cref="ArgumentException">An unsupported layout.</exception>
    public CTCLoss(string layout = "NTC", string labelLayout = "NT", double? weight = null, string? prefix = null, ParameterDict? @params = null)
        : base(weight, BatchAxisOf(layout, labelLayout), prefix, @params)
    {
        Layout = layout;
        LabelLayout = labelLayout;
    }

    private static int BatchAxisOf(string layout, string labelLayout)
    {
        if (layout is not ("NTC" or "TNC"))
            throw new ArgumentException($"CTCLoss: Only 'NTC' and 'TNC' layouts for pred are supported. Got: {layout}", nameof(layout));
        if (labelLayout is not ("NT" or "TN"))
            throw new ArgumentException($"CTCLoss: Only 'NT' and 'TN' layouts for label are supported. Got: {labelLayout}", nameof(labelLayout));
        return labelLayout.IndexOf('N');
    }

    /// <summary>Layout of pred.</summary>
    public string Layout { get; }

    /// <summary>Layout of label.</summary>
    public string LabelLayout { get; }

    /// <inheritdoc/>
    protected override int MaxInputs => 5;

    /// <inheritdoc/>
    protected override string Signature => "pred, label, pred_lengths=None, label_lengths=None, sample_weight=None";

    /// <inheritdoc/>
    protected override NDArray Compute(NDArray?[] x)
    {
        var pred = x[0]!;
        var label = x[1]!;
        if (Layout == "NTC") pred = Nd.SwapAxes(pred, 0, 1);
        if (BatchAxis == 1) label = Nd.SwapAxes(label, 0, 1);
        var predLengths = Opt(x, 2);
        var labelLengths = Opt(x, 3);
        var loss = Nd.CTCLoss(pred, label, predLengths, labelLengths, predLengths is not null, labelLengths is not null, "last");
        return ApplyWeighting(loss, Weight, Opt(x, 4));
    }
}
