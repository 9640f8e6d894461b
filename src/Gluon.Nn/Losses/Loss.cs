namespace Gluon.Losses;

/// <summary>
/// Base class of the Gluon losses (MXNet's <c>gluon.loss.Loss</c>): a <see cref="HybridBlock"/>
/// with a global scalar <see cref="Weight"/> and the <see cref="BatchAxis"/>. Losses are built
/// from ops, so autograd differentiates them. Most return the mean over every axis but the
/// batch axis, shape (batch,).
/// </summary>
public abstract class Loss : HybridBlock
{
    /// <summary>Creates a loss.</summary>
    /// <param name="weight">Global scalar weight multiplied into the loss (null: none).</param>
    /// <param name="batchAxis">The axis that represents the mini-batch.</param>
    /// <param name="prefix">Block prefix (null: automatic from the class name).</param>
    /// <param name="params">Shared parameters (losses have none).</param>
    protected Loss(double? weight, int batchAxis, string? prefix = null, ParameterDict? @params = null)
        : base(prefix, @params)
    {
        Weight = weight;
        BatchAxis = batchAxis;
    }

    /// <summary>The global scalar weight, or null.</summary>
    public double? Weight { get; }

    /// <summary>The axis that represents the mini-batch.</summary>
    public int BatchAxis { get; }

    /// <summary>The class name MXNet shows (aliases such as SigmoidBCELoss show their full class).</summary>
    protected virtual string ClassName => GetType().Name;

    /// <summary>MXNet's repr: <c>L2Loss(batch_axis=0, w=1.0)</c>.</summary>
    public override string ToString() =>
        $"{ClassName}(batch_axis={BatchAxis}, w={(Weight is double w ? Ops.OpAttrs.FormatFloat(w) : "None")})";

    /// <summary>
    /// MXNet's <c>_apply_weighting</c>: <c>loss · sample_weight</c> (broadcast) when a sample weight is
    /// given, then <c>· weight</c> when a scalar weight is given.
    /// </summary>
    /// <exception cref="ArgumentException">The sample weight does not broadcast to the loss.</exception>
    protected static NDArray ApplyWeighting(NDArray loss, double? weight, NDArray? sampleWeight)
    {
        if (sampleWeight is not null) loss = Nd.Multiply(loss, sampleWeight);
        if (weight is double w) loss = loss * w;
        return loss;
    }

    /// <summary>
    /// MXNet's <c>_reshape_like</c>: <paramref name="x"/> reshaped to <paramref name="like"/>'s shape
    /// (so labels may be (n,) for predictions (n, 1)).
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ (the message names the loss, both shapes and <paramref name="what"/>).</exception>
    protected NDArray ReshapeLike(NDArray x, NDArray like, string what)
    {
        if (x.Shape == like.Shape) return x;
        if (x.Size != like.Size)
            throw new ArgumentException($"{ClassName} '{Name}': {what} of shape {x.Shape} cannot be reshaped to the shape {like.Shape} of the prediction");
        return Nd.ReshapeTo(x, like.Shape);
    }

    /// <summary>Mean over every axis except <see cref="BatchAxis"/> (MXNet's <c>_batch_mean</c>).</summary>
    protected NDArray BatchMean(NDArray loss) => Nd.Mean(loss, [BatchAxis], exclude: true);

    /// <summary>Sum over every axis except <see cref="BatchAxis"/> (MXNet's <c>_batch_sum</c>).</summary>
    protected NDArray BatchSum(NDArray loss) => Nd.Sum(loss, [BatchAxis], exclude: true);

    /// <summary>The fewest inputs a call takes (pred and label for most losses).</summary>
    protected virtual int MinInputs => 2;

    /// <summary>The most inputs a call takes.</summary>
    protected virtual int MaxInputs => 3;

    /// <summary>The forward signature in MXNet's names, for error messages.</summary>
    protected virtual string Signature => "pred, label, sample_weight=None";

    /// <summary>
    /// Checks the inputs against <see cref="Signature"/> and computes the loss; a null entry
    /// stands for an omitted optional input (<c>loss.Call(pred, label)</c>,
    /// <c>loss.Call(pred, label, sampleWeight)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong input count, a missing required input, or shapes that do not fit.</exception>
    public sealed override NDArray[] ForwardMulti(NDArray?[] inputs)
    {
        CheckInputs(inputs, MinInputs, MaxInputs, Signature);
        return [Compute(inputs)];
    }

    /// <summary>The loss for one input (only losses taking one input accept this).</summary>
    public sealed override NDArray Forward(NDArray x) => ForwardMulti([x])[0];

    /// <summary>The loss of (pred, label).</summary>
    public sealed override NDArray Forward(NDArray x, NDArray? y) => ForwardMulti([x, y])[0];

    /// <summary>The loss of (pred, label, third input: usually sample_weight).</summary>
    public sealed override NDArray Forward(NDArray x, NDArray? y, NDArray? z) => ForwardMulti([x, y, z])[0];

    /// <summary>Computes the loss from inputs already checked against <see cref="Signature"/> (optional ones may be null or absent).</summary>
    protected abstract NDArray Compute(NDArray?[] inputs);

    /// <summary>Checks the input count of a call and names the loss in the error.</summary>
    /// <exception cref="ArgumentException">Fewer than <paramref name="min"/> or more than <paramref name="max"/> inputs, or a required one is null.</exception>
    protected void CheckInputs(NDArray?[] inputs, int min, int max, string signature)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length < min || inputs.Length > max)
            throw new ArgumentException($"{ClassName} '{Name}' takes ({signature}), got {inputs.Length} inputs");
        for (int i = 0; i < min; i++)
            if (inputs[i] is null)
                throw new ArgumentException($"{ClassName} '{Name}': input {i} of ({signature}) is required");
    }

    /// <summary>Input <paramref name="i"/>, or null when not given.</summary>
    protected static NDArray? Opt(NDArray?[] inputs, int i) => i < inputs.Length ? inputs[i] : null;
}
