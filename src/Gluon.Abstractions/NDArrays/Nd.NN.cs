using Gluon.Ops;

namespace Gluon;

public static partial class Nd
{
    /// <summary>
    /// Elementwise activation (<c>nd.Activation</c>): <paramref name="actType"/> is relu,
    /// sigmoid, tanh, softrelu (log(1+eˣ)) or softsign (x/(1+|x|)).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown <paramref name="actType"/>.</exception>
    public static NDArray Activation(NDArray data, string actType) =>
        Op("Activation", new OpAttrs { { "act_type", actType } }, data);

    /// <summary>
    /// Leaky rectifiers (<c>nd.LeakyReLU</c>): for x ≤ 0, leaky gives slope·x, prelu γ·x
    /// (<paramref name="gamma"/> per channel on axis 1, or of size 1), elu slope·(eˣ−1), selu
    /// λα(eˣ−1) (λx for x &gt; 0), rrelu a·x with a uniform in [lower, upper] in training and
    /// (lower+upper)/2 otherwise; gelu is 0.5x(1+erf(x/√2)).
    /// </summary>
    /// <param name="data">Input.</param>
    /// <param name="gamma">prelu's slopes; required exactly for prelu.</param>
    /// <param name="actType">leaky, prelu, elu, selu, gelu or rrelu.</param>
    /// <param name="slope">Negative slope of leaky, α of elu.</param>
    /// <param name="lowerBound">rrelu's lowest slope.</param>
    /// <param name="upperBound">rrelu's highest slope.</param>
    /// <exception cref="ArgumentException">Unknown act type, gamma missing or given when not prelu, or a gamma shape that does not fit.</exception>
    public static NDArray LeakyReLU(NDArray data, NDArray? gamma = null, string actType = "leaky", double slope = 0.25,
        double lowerBound = 0.125, double upperBound = 0.334)
    {
        var attrs = new OpAttrs { { "act_type", actType }, { "slope", slope }, { "lower_bound", lowerBound }, { "upper_bound", upperBound } };
        if ((actType == "prelu") != gamma is not null)
            throw new ArgumentException($"LeakyReLU: gamma is {(gamma is null ? "required" : "only used")} with act_type='prelu' (act_type='{actType}')");
        return gamma is null ? Ops("LeakyReLU", attrs, data)[0] : Ops("LeakyReLU", attrs, data, gamma)[0];
    }

    /// <summary>
    /// Softmax along <paramref name="axis"/> (<c>nd.softmax</c>): exp(x/T)/Σexp(x/T). With
    /// <paramref name="length"/> and <paramref name="useLength"/>, only the first length[i]
    /// entries of each row take part and the rest are 0.
    /// </summary>
    /// <param name="data">Input.</param>
    /// <param name="length">Valid lengths, shaped as data without <paramref name="axis"/> (with <paramref name="useLength"/>).</param>
    /// <param name="axis">The axis to normalize (negative counts from the end).</param>
    /// <param name="temperature">T; null means 1.</param>
    /// <param name="dtype">Output dtype; null keeps the input's.</param>
    /// <param name="useLength">Use <paramref name="length"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range.</exception>
    /// <exception cref="ArgumentException">The length shape does not fit.</exception>
    public static NDArray Softmax(NDArray data, NDArray? length = null, int axis = -1, double? temperature = null, DType? dtype = null, bool useLength = false) =>
        SoftmaxCall("softmax", data, length, axis, temperature, dtype, useLength);

    /// <summary>Softmax along <paramref name="axis"/> (<c>nd.softmax</c>) without lengths.</summary>
    public static NDArray Softmax(NDArray data, int axis, double? temperature = null, DType? dtype = null) =>
        SoftmaxCall("softmax", data, null, axis, temperature, dtype, false);

    /// <summary>
    /// Log of the softmax along <paramref name="axis"/> (<c>nd.log_softmax</c>), computed as
    /// x/T − max − log Σexp(x/T − max) for stability. Parameters as <see cref="Softmax(NDArray, NDArray?, int, double?, DType?, bool)"/>.
    /// </summary>
    public static NDArray LogSoftmax(NDArray data, NDArray? length = null, int axis = -1, double? temperature = null, DType? dtype = null, bool useLength = false) =>
        SoftmaxCall("log_softmax", data, length, axis, temperature, dtype, useLength);

    /// <summary>Log-softmax along <paramref name="axis"/> (<c>nd.log_softmax</c>) without lengths.</summary>
    public static NDArray LogSoftmax(NDArray data, int axis, double? temperature = null, DType? dtype = null) =>
        SoftmaxCall("log_softmax", data, null, axis, temperature, dtype, false);

    private static NDArray SoftmaxCall(string op, NDArray data, NDArray? length, int axis, double? temperature, DType? dtype, bool useLength)
    {
        if (useLength && length is null) throw new ArgumentException($"{op}: use_length=True needs a length array");
        var attrs = new OpAttrs { { "axis", axis }, { "temperature", temperature }, { "dtype", dtype } };
        if (useLength) attrs.Set("use_length", true);
        return useLength ? Op(op, attrs, data, length!) : Op(op, attrs, data);
    }

    /// <summary>
    /// Softmax over the last axis (<paramref name="mode"/> "instance", as MXNet's flattening to
    /// 2-D gives) or over axis 1 of data with at least 3 axes ("channel") (<c>nd.SoftmaxActivation</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown mode or too few axes.</exception>
    public static NDArray SoftmaxActivation(NDArray data, string mode = "instance") =>
        Op("SoftmaxActivation", new OpAttrs { { "mode", mode } }, data);

    /// <summary>
    /// MXNet's legacy softmax loss layer (<c>nd.SoftmaxOutput</c>): returns the softmax of
    /// <paramref name="data"/>; its backward pass writes (p − onehot(label))·grad_scale/normalizer
    /// into data's gradient, ignoring the head gradient.
    /// </summary>
    /// <param name="data">Scores.</param>
    /// <param name="label">Class indices (one per softmax row), or probabilities shaped as data.</param>
    /// <param name="gradScale">Scale of the gradient.</param>
    /// <param name="ignoreLabel">Label value whose rows get no gradient (with <paramref name="useIgnore"/>).</param>
    /// <param name="multiOutput">Softmax over axis 1 of (n, k, ...), one label per position.</param>
    /// <param name="useIgnore">Honour <paramref name="ignoreLabel"/>.</param>
    /// <param name="preserveShape">Softmax over the last axis.</param>
    /// <param name="normalization">"null", "batch" or "valid".</param>
    /// <param name="smoothAlpha">Label smoothing: the target puts 1−α on the label and α/(k−1) elsewhere.</param>
    /// <exception cref="ArgumentException">The label shape does not fit, or a bad attribute.</exception>
    public static NDArray SoftmaxOutput(NDArray data, NDArray label, double gradScale = 1.0, double ignoreLabel = -1, bool multiOutput = false,
        bool useIgnore = false, bool preserveShape = false, string normalization = "null", double smoothAlpha = 0.0) =>
        Op("SoftmaxOutput", new OpAttrs
        {
            { "grad_scale", gradScale }, { "ignore_label", ignoreLabel }, { "multi_output", multiOutput }, { "use_ignore", useIgnore },
            { "preserve_shape", preserveShape }, { "normalization", normalization }, { "smooth_alpha", smoothAlpha },
        }, data, label);

    /// <summary>Identity forward; backward writes (out − label)·grad_scale/num_output (<c>nd.LinearRegressionOutput</c>).</summary>
    /// <exception cref="ArgumentException">The label shape does not match the data.</exception>
    public static NDArray LinearRegressionOutput(NDArray data, NDArray label, double gradScale = 1.0) =>
        Op("LinearRegressionOutput", new OpAttrs { { "grad_scale", gradScale } }, data, label);

    /// <summary>Sigmoid forward; backward writes (out − label)·grad_scale/num_output (<c>nd.LogisticRegressionOutput</c>).</summary>
    /// <exception cref="ArgumentException">The label shape does not match the data.</exception>
    public static NDArray LogisticRegressionOutput(NDArray data, NDArray label, double gradScale = 1.0) =>
        Op("LogisticRegressionOutput", new OpAttrs { { "grad_scale", gradScale } }, data, label);

    /// <summary>Identity forward; backward writes sign(out − label)·grad_scale/num_output (<c>nd.MAERegressionOutput</c>).</summary>
    /// <exception cref="ArgumentException">The label shape does not match the data.</exception>
    public static NDArray MAERegressionOutput(NDArray data, NDArray label, double gradScale = 1.0) =>
        Op("MAERegressionOutput", new OpAttrs { { "grad_scale", gradScale } }, data, label);

    /// <summary>
    /// Dropout (<c>nd.Dropout</c>): in training mode (or with <paramref name="mode"/> "always")
    /// zeroes each entry with probability <paramref name="p"/> and scales the rest by 1/(1−p); the
    /// random mask is shared along <paramref name="axes"/>. Identity otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">p outside [0, 1] or an unknown mode.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public static NDArray Dropout(NDArray data, double p = 0.5, string mode = "training", int[]? axes = null) =>
        Ops("Dropout", new OpAttrs { { "p", p }, { "mode", mode }, { "axes", axes ?? [] } }, data)[0];
}
