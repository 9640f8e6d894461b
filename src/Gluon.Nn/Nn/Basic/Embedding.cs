using Gluon.Initializers;

namespace Gluon.Nn;

/// <summary>
/// Embedding (MXNet's <c>gluon.nn.Embedding</c>): maps integer indices of shape (d1, ..., dk)
/// to rows of <c>weight</c> (input_dim, output_dim), giving (d1, ..., dk, output_dim);
/// indices are clipped to [0, input_dim − 1]. The weight gradient is dense (the rows not
/// looked up get zeros).
/// </summary>
public class Embedding : HybridBlock
{
    /// <summary>An embedding of <paramref name="inputDim"/> tokens into <paramref name="outputDim"/> dims.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    /// <exception cref="NotSupportedException"><paramref name="sparseGrad"/> is true (row_sparse gradients are not supported).</exception>
    public Embedding(int inputDim, int outputDim, DType dtype = DType.Float32, Initializer? weightInitializer = null,
        bool sparseGrad = false, string? prefix = null, ParameterDict? @params = null) : base(prefix, @params)
    {
        if (inputDim <= 0) throw new ArgumentOutOfRangeException(nameof(inputDim), inputDim, "Embedding: input_dim must be positive");
        if (outputDim <= 0) throw new ArgumentOutOfRangeException(nameof(outputDim), outputDim, "Embedding: output_dim must be positive");
        if (sparseGrad)
            throw new NotSupportedException("Embedding: sparse_grad=True (a row_sparse weight gradient) is not supported; use sparse_grad=False for a dense gradient");
        InputDim = inputDim;
        OutputDim = outputDim;
        DType = dtype;
        Weight = GetParameter("weight", shape: new Shape(inputDim, outputDim), init: weightInitializer, dtype: dtype, allowDeferredInit: true);
    }

    /// <summary>Vocabulary size.</summary>
    public int InputDim { get; }

    /// <summary>Embedding size.</summary>
    public int OutputDim { get; }

    /// <summary>The output dtype.</summary>
    public DType DType { get; }

    /// <summary>The embedding matrix, (input_dim, output_dim).</summary>
    public Parameter Weight { get; }

    /// <inheritdoc/>
    public override NDArray Forward(NDArray x) => Nd.Embedding(x, Weight.Data(), InputDim, OutputDim, Weight.DType);

    /// <summary>MXNet's repr: <c>Embedding(input_dim -> output_dim, dtype)</c>.</summary>
    public override string ToString() => $"Embedding({InputDim} -> {OutputDim}, {DType.Name()})";
}
