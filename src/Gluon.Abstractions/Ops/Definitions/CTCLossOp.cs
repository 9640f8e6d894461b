namespace Gluon.Ops.Definitions;

/// <summary>
/// Attributes of <c>CTCLoss</c>: whether the optional <c>data_lengths</c> and
/// <c>label_lengths</c> inputs are present, and where the blank symbol sits in the alphabet
/// (<c>first</c>: index 0, labels 1..C−1, label padding 0; <c>last</c>: index C−1, labels
/// 0..C−2, label padding −1).
/// </summary>
public sealed record CTCLossParam(bool UseDataLengths, bool UseLabelLengths, bool BlankFirst)
{
    /// <summary>The input names for these flags (data, label, then the optional lengths).</summary>
    public IReadOnlyList<string> Inputs
    {
        get
        {
            var r = new List<string> { "data", "label" };
            if (UseDataLengths) r.Add("data_lengths");
            if (UseLabelLengths) r.Add("label_lengths");
            return r;
        }
    }
}

/// <summary>
/// <c>CTCLoss</c> (aliases <c>ctc_loss</c>, <c>_contrib_CTCLoss</c>, <c>_contrib_ctc_loss</c>):
/// connectionist temporal classification loss (Graves et al. 2006). data (T, N, C) holds
/// unnormalized activations (softmax over C is applied inside), label (N, L) the label
/// sequences. Output 0 is <c>−log p(label | data)</c> per sample, shape (N,); the hidden output 1
/// (T, N, C) is its gradient with respect to data, computed in the forward pass with the
/// alpha-beta recursions in log space. A label sequence ends at its first padding value unless
/// <c>label_lengths</c> is given; time steps at or after <c>data_lengths[n]</c> are ignored
/// (zero gradient). Labels must lie in [0, C); one equal to the blank index acts as a blank
/// that cannot be skipped (warp-ctc's behaviour, which MXNet's tests rely on). A sample whose labels cannot fit its time steps (length plus repeated
/// neighbours above T) gets loss 0 and gradient 0, as warp-ctc (MXNet's CPU kernel) does.
/// Gradient: output 1 times the loss gradient of each sample (first order only: the saved
/// gradient carries no history).
/// </summary>
public sealed class CTCLossOp : OpDef<CTCLossParam>
{
    private static readonly string[] s_aliases = ["ctc_loss", "_contrib_CTCLoss", "_contrib_ctc_loss"];
    private static readonly string[] s_outputs = ["output", "grad"];

    /// <inheritdoc/>
    public override string Name => "CTCLoss";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Aliases => s_aliases;

    /// <inheritdoc/>
    protected override CTCLossParam ParseParam(OpAttrs a)
    {
        var blank = a.GetString("blank_label", "first");
        if (blank != "first" && blank != "last")
            throw Error($"blank_label must be 'first' or 'last', got '{blank}'");
        return new CTCLossParam(a.GetBool("use_data_lengths", false), a.GetBool("use_label_lengths", false), blank == "first");
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputNames(object param) => ((CTCLossParam)param).Inputs;

    /// <inheritdoc/>
    public override IReadOnlyList<string> OutputNames(object param) => s_outputs;

    /// <inheritdoc/>
    public override int NumVisibleOutputs(object param) => 1;

    /// <inheritdoc/>
    protected override Shape[] InferShape(CTCLossParam p, Shape[] inputs)
    {
        var data = inputs[0];
        var label = inputs[1];
        if (data.Rank != 3)
            throw Error($"data must be (sequence_length, batch_size, alphabet_size), got shape {data}");
        if (label.Rank != 2 || label[0] != data[1])
            throw Error($"label must be (batch_size, label_sequence_length) with batch_size {data[1]}, got shape {label} for data {data}");
        if (data[2] < 2)
            throw Error($"alphabet_size (data's last dimension, blank included) must be at least 2, got shape {data}");
        for (int i = 2; i < inputs.Length; i++)
            if (inputs[i].Rank != 1 || inputs[i][0] != data[1])
                throw Error($"{p.Inputs[i]} must have shape ({data[1]},), got {inputs[i]} for data {data}");
        return [new Shape(data[1]), data];
    }

    /// <inheritdoc/>
    public override NDArray?[] Gradient(GradientContext g)
    {
        var grad = g.Outputs[1];
        var og = g.OutGrads[0];
        var scaled = grad * Nd.ReshapeTo(og, new Shape(1, og.Shape[0], 1));
        var r = new NDArray?[g.Inputs.Length];
        r[0] = scaled;
        return r;
    }
}
