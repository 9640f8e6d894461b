using Microsoft.ML.OnnxRuntime;

namespace Gluon.Bench.Onnx;

/// <summary>
/// An ONNX Runtime session over an in-memory model with one float input and one float output,
/// both preallocated (so a timed call is the graph run alone): intra-op threads as given,
/// sequential execution, no spin-waiting between runs, every graph optimization on (ORT folds BatchNorm into Conv and fuses
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
        // ORT's intra-op workers otherwise spin between and after runs, and in an alternating
        // comparison that spinning takes a core from whatever runs next. Off, ORT's own times were
        // unchanged (ResNet-18 batch 16: 157 ms, 156 with spinning) while ours spread far less.
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
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
