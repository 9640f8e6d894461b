namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// Connectionist temporal classification loss (<c>nd.CTCLoss</c> / <c>nd.ctc_loss</c>):
    /// <c>−log p(label | data)</c> per sample, with softmax over the alphabet applied inside.
    /// </summary>
    /// <param name="data">Activations (sequence_length T, batch_size N, alphabet_size C), blank included in C.</param>
    /// <param name="label">Labels (N, L), padded with 0 (blank first) or −1 (blank last) unless <paramref name="labelLengths"/> is used.</param>
    /// <param name="dataLengths">Valid time steps per sample (N,), read when <paramref name="useDataLengths"/>.</param>
    /// <param name="labelLengths">Label lengths per sample (N,), read when <paramref name="useLabelLengths"/>.</param>
    /// <param name="useDataLengths">Use <paramref name="dataLengths"/> instead of T for every sample.</param>
    /// <param name="useLabelLengths">Use <paramref name="labelLengths"/> instead of the padding value.</param>
    /// <param name="blankLabel"><c>"first"</c> (blank is class 0) or <c>"last"</c> (blank is class C−1).</param>
    /// <returns>The loss, shape (N,).</returns>
    /// <exception cref="ArgumentException">Shapes do not fit, a lengths array is missing while its flag is set, or a label is not a valid non-blank class.</exception>
    public static NDArray CTCLoss(NDArray data, NDArray label, NDArray? dataLengths = null, NDArray? labelLengths = null,
        bool useDataLengths = false, bool useLabelLengths = false, string blankLabel = "first")
    {
        var inputs = new List<NDArray> { data, label };
        if (useDataLengths)
            inputs.Add(dataLengths ?? throw new ArgumentException("CTCLoss: use_data_lengths is set but data_lengths is null", nameof(dataLengths)));
        if (useLabelLengths)
            inputs.Add(labelLengths ?? throw new ArgumentException("CTCLoss: use_label_lengths is set but label_lengths is null", nameof(labelLengths)));
        return Op("CTCLoss", new Ops.OpAttrs
        {
            { "use_data_lengths", useDataLengths }, { "use_label_lengths", useLabelLengths }, { "blank_label", blankLabel },
        }, inputs.ToArray());
    }
}
