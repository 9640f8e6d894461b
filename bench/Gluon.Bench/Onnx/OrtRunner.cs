using Microsoft.ML.OnnxRuntime;

namespace Gluon.Bench.Onnx;

/// <summary>
/// An ONNX Runtime session over an in-memory model with one float input and one float output,
/// both preallocated (so a timed call is the graph run alone): intra-op threads as given,
/// sequential execution, every graph optimization on (ORT folds BatchNorm into Conv and fuses
/// activations itself; that is part of what is compared).
/// </summary>
internal sealed class OrtRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OrtValue _in, _out;
    private readonly string[] _inNames, _outNames;

    public OrtRunner(byte[] model, float[] input, long[] inShape, long[] outShape, int threads)
    {
        using var so = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, so);
        _inNames = [_session.InputMetadata.Keys.Single()];
        _outNames = [_session.OutputMetadata.Keys.Single()];
        Output = new float[outShape.Aggregate(1L, (a, d) => a * d)];
        _in = OrtValue.CreateTensorValueFromMemory(input, inShape);
        _out = OrtValue.CreateTensorValueFromMemory(Output, outShape);
    }

    /// <summary>The output buffer the last <see cref="Run"/> wrote.</summary>
    public float[] Output { get; }

    /// <summary>Runs the graph once.</summary>
    public void Run() => _session.Run(_run, _inNames, [_in], _outNames, [_out]);

    public void Dispose()
    {
        _in.Dispose();
        _out.Dispose();
        _run.Dispose();
        _session.Dispose();
    }
}
