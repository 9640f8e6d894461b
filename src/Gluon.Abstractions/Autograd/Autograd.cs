using Gluon.Ops;

namespace Gluon;

/// <summary>
/// Automatic differentiation (MXNet's <c>mx.autograd</c>): a tape of op calls recorded inside
/// <see cref="Record"/> scopes, replayed backward with each op's gradient (itself built from ops,
/// so <c>createGraph</c> gives higher-order gradients). State is per thread.
/// </summary>
public static partial class Autograd
{
    [ThreadStatic] private static bool s_recording;
    [ThreadStatic] private static bool s_training;

    /// <summary>True inside <see cref="Record"/> (and not paused).</summary>
    public static bool IsRecording => s_recording;

    /// <summary>True when ops behave as in training (Dropout drops, BatchNorm uses batch stats).</summary>
    public static bool IsTraining => s_training;

    /// <summary>Sets recording on or off; returns the previous value.</summary>
    public static bool SetRecording(bool recording)
    {
        bool prev = s_recording;
        s_recording = recording;
        return prev;
    }

    /// <summary>Sets training mode on or off; returns the previous value.</summary>
    public static bool SetTraining(bool training)
    {
        bool prev = s_training;
        s_training = training;
        return prev;
    }

    /// <summary>Records ops until disposed (<c>autograd.record(train_mode)</c>).</summary>
    public static IDisposable Record(bool trainMode = true) => new StateScope(true, trainMode);

    /// <summary>Stops recording until disposed (<c>autograd.pause(train_mode)</c>).</summary>
    public static IDisposable Pause(bool trainMode = false) => new StateScope(false, trainMode);

    /// <summary>Training behaviour without changing recording (<c>autograd.train_mode()</c>).</summary>
    public static IDisposable TrainMode() => new StateScope(null, true);

    /// <summary>Inference behaviour without changing recording (<c>autograd.predict_mode()</c>).</summary>
    public static IDisposable PredictMode() => new StateScope(null, false);

    private sealed class StateScope : IDisposable
    {
        private readonly bool _prevRecording, _prevTraining;
        private bool _done;

        public StateScope(bool? recording, bool training)
        {
            _prevRecording = s_recording;
            _prevTraining = s_training;
            if (recording is bool r) s_recording = r;
            s_training = training;
        }

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            s_recording = _prevRecording;
            s_training = _prevTraining;
        }
    }

    /// <summary>
    /// Links gradient buffers to arrays (<c>autograd.mark_variables</c>): backward writes or adds
    /// each variable's gradient into its buffer according to its request.
    /// </summary>
    public static void MarkVariables(IReadOnlyList<NDArray> variables, IReadOnlyList<NDArray> gradients, GradReq gradReq = GradReq.Write)
    {
        if (variables.Count != gradients.Count)
            throw new ArgumentException($"mark_variables: {variables.Count} variables but {gradients.Count} gradients");
        for (int i = 0; i < variables.Count; i++)
        {
            var v = variables[i];
            var g = gradients[i];
            if (v.Shape != g.Shape)
                throw new ArgumentException($"mark_variables: variable {i} has shape {v.Shape} but its gradient has shape {g.Shape}");
            v.Entry = new TapeEntry(new TapeNode { Variable = v, GradBuffer = gradReq == GradReq.Null ? null : g, Req = gradReq }, 0);
        }
    }

    internal static void RecordOp(OpDef op, object param, NDArray[] inputs, NDArray[] outputs)
    {
        TapeEntry?[]? entries = null;
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Entry is { } e && !(e.Node.IsVariable && e.Node.Req == GradReq.Null))
            {
                entries ??= new TapeEntry?[inputs.Length];
                entries[i] = e;
            }
        }
        if (entries is null) return;
        var node = new TapeNode { Op = op, Param = param, Inputs = inputs, Outputs = outputs, InputEntries = entries };
        for (int i = 0; i < outputs.Length; i++) outputs[i].Entry = new TapeEntry(node, i);
    }

    internal static void RecordFunction(Function f, NDArray[] inputs, NDArray[] outputs)
    {
        var entries = new TapeEntry?[inputs.Length];
        bool any = false;
        for (int i = 0; i < inputs.Length; i++)
        {
            entries[i] = inputs[i].Entry;
            any |= entries[i] is not null;
        }
        if (!any) return;
        var node = new TapeNode { Function = f, Inputs = inputs, Outputs = outputs, InputEntries = entries };
        for (int i = 0; i < outputs.Length; i++) outputs[i].Entry = new TapeEntry(node, i);
    }
}
