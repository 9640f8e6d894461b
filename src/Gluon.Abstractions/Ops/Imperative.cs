using System.Collections.Concurrent;
using Gluon.Backends;

namespace Gluon.Ops;

/// <summary>
/// The one dispatcher every imperative call goes through: parse attributes, check arity and
/// contexts, infer output shapes and dtypes, allocate (or view), run the backend kernel, and
/// record a tape node under <see cref="Autograd.Record"/>.
/// </summary>
public static class Imperative
{
    /// <summary>Runs op <paramref name="opName"/> and returns all its outputs (hidden ones included).</summary>
    public static NDArray[] Invoke(string opName, OpAttrs? attrs, params NDArray[] inputs)
    {
        var named = Resolve(opName);
        return Invoke(named.Op, attrs ?? named.NoAttrs, inputs);
    }

    /// <summary>Runs an op and returns its first output.</summary>
    public static NDArray Invoke1(string opName, OpAttrs? attrs, params NDArray[] inputs)
    {
        var named = Resolve(opName);
        return Invoke(named.Op, attrs ?? named.NoAttrs, inputs)[0];
    }

    /// <summary>An op looked up by name, with an attribute set of its own that stays empty.</summary>
    /// <remarks>
    /// Calls without attributes (most elementwise ops) reuse <see cref="NoAttrs"/>, so the op's
    /// default parameters are parsed once instead of on every call and no attribute set is
    /// allocated. Nothing adds to it (it never leaves the dispatcher except as the parsed
    /// parameter of ops whose parameter is the attribute set itself, which nobody mutates), and
    /// it only ever caches the parse of its one op, so sharing it between threads is safe.
    /// </remarks>
    internal sealed class NamedOp(OpDef op)
    {
        public readonly OpDef Op = op;
        public readonly OpAttrs NoAttrs = new();
    }

    private static readonly ConcurrentDictionary<string, NamedOp> s_named = new(StringComparer.Ordinal);

    /// <summary>The op named <paramref name="opName"/> (or alias) with its shared empty attributes.</summary>
    /// <exception cref="KeyNotFoundException">No such op.</exception>
    internal static NamedOp Resolve(string opName) =>
        s_named.TryGetValue(opName, out var named) ? named : s_named.GetOrAdd(opName, n => new NamedOp(OpRegistry.Get(n)));

    /// <summary>
    /// Runs an op. <paramref name="context"/> places ops without inputs (zeros, random);
    /// <paramref name="outputs"/>, when given, receive the results in place (MXNet's <c>out=</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong arity, mixed contexts, or shapes/dtypes the op rejects.</exception>
    public static NDArray[] Invoke(OpDef op, OpAttrs attrs, NDArray[] inputs, Context? context = null, NDArray[]? outputs = null)
    {
        if (!OpProfiler.Enabled) return InvokeCore(op, attrs, inputs, context, outputs);
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var r = InvokeCore(op, attrs, inputs, context, outputs);
        OpProfiler.AddCall(op.Name, System.Diagnostics.Stopwatch.GetTimestamp() - t0);
        return r;
    }

    private static NDArray[] InvokeCore(OpDef op, OpAttrs attrs, NDArray[] inputs, Context? context, NDArray[]? outputs)
    {
        object param = ParseCached(op, attrs);
        var names = op.InputNames(param);
        if (inputs.Length != names.Count)
            throw new ArgumentException($"{op.Name}: expects {names.Count} input(s) ({string.Join(", ", names)}), got {inputs.Length}");

        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].Deferred is not null) { inputs = ResolveDeferred(op, param, names, inputs); break; }

        Context ctx;
        if (inputs.Length > 0)
        {
            ctx = inputs[0].Context;
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i].ThrowIfDisposed();
                if (inputs[i].Context != ctx)
                    throw new ArgumentException($"{op.Name}: input '{names[i]}' is on {inputs[i].Context} but input '{names[0]}' is on {ctx}");
            }
        }
        else ctx = context ?? Context.Current;

        var inShapes = new Shape[inputs.Length];
        var inTypes = new DType[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) { inShapes[i] = inputs[i].Shape; inTypes[i] = inputs[i].DType; }
        var outShapes = op.InferShape(param, inShapes);
        var outTypes = op.InferType(param, inTypes);
        int nOut = op.NumOutputs(param);
        if (outShapes.Length != nOut || outTypes.Length != nOut)
            throw new InvalidOperationException($"{op.Name}: inference returned {outShapes.Length} shapes / {outTypes.Length} dtypes for {nOut} outputs");

        NDArray[] outs;
        if (outputs is not null)
        {
            if (outputs.Length != nOut)
                throw new ArgumentException($"{op.Name}: out= holds {outputs.Length} arrays, the op has {nOut} outputs");
            for (int i = 0; i < nOut; i++)
            {
                outputs[i].ThrowIfDisposed();
                if (outputs[i].Shape != outShapes[i] || outputs[i].DType != outTypes[i] || outputs[i].Context != ctx)
                    throw new ArgumentException($"{op.Name}: out[{i}] is {outputs[i].Shape} {outputs[i].DType.Name()} on {outputs[i].Context}, expected {outShapes[i]} {outTypes[i].Name()} on {ctx}");
            }
            if (Autograd.IsRecording)
                foreach (var o in outputs)
                    if (o.Entry is { Node.IsVariable: true })
                        throw new InvalidOperationException($"{op.Name}: writing in place (out=) to an array marked with AttachGrad while recording would corrupt its gradient; compute into a new array");
            outs = outputs;
            RunKernel(op, param, inputs, outs, ctx);
        }
        else if (nOut == 1 && inputs.Length > 0 && outTypes[0] == inputs[0].DType && op.ViewOffset(param, inShapes) is int viewOffset)
        {
            outs = [inputs[0].View(outShapes[0], viewOffset)];
        }
        else
        {
            outs = new NDArray[nOut];
            for (int i = 0; i < nOut; i++) outs[i] = NDArray.Allocate(outShapes[i], outTypes[i], ctx);
            RunKernel(op, param, inputs, outs, ctx);
        }

        if (Autograd.IsRecording) Autograd.RecordOp(op, param, inputs, outs);
        return outs;
    }

    /// <summary>
    /// Replaces deferred-parameter placeholders by real arrays: the op infers their shapes from
    /// the known inputs, the placeholder's resolver initializes the parameter with that shape.
    /// </summary>
    private static NDArray[] ResolveDeferred(OpDef op, object param, IReadOnlyList<string> names, NDArray[] inputs)
    {
        var shapes = new Shape?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) shapes[i] = inputs[i].Deferred is null ? inputs[i].Shape : null;
        var inferred = op.InferInputShapes(param, shapes);
        var resolved = (NDArray[])inputs.Clone();
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Deferred is not { } d) continue;
            var partial = inputs[i].Shape;
            if (i >= inferred.Length || inferred[i] is not Shape full)
                throw new InvalidOperationException($"{op.Name}: cannot infer the shape of input '{names[i]}' (deferred parameter '{d.Name}', known shape {partial}) from the other inputs; give the layer its input size (in_units / in_channels)");
            bool ok = full.Rank == partial.Rank;
            for (int k = 0; ok && k < full.Rank; k++) ok = partial[k] == 0 || partial[k] == full[k];
            if (!ok)
                throw new InvalidOperationException($"{op.Name}: input '{names[i]}' (parameter '{d.Name}') is declared with shape {partial} but the op needs {full}");
            resolved[i] = d.Resolve(full);
        }
        return resolved;
    }

    internal static object ParseCached(OpDef op, OpAttrs attrs)
    {
        if (Volatile.Read(ref attrs.Parsed) is { } p && ReferenceEquals(attrs.ParsedFor, op)) return p;
        var parsed = op.Parse(attrs);
        // ParsedFor first: a reader on another thread that sees the new Parsed then also sees
        // its op (the reverse order could pair a new op with an old parse).
        attrs.Parsed = null;
        attrs.ParsedFor = op;
        Volatile.Write(ref attrs.Parsed, parsed);
        return parsed;
    }

    private static void RunKernel(OpDef op, object param, NDArray[] inputs, NDArray[] outs, Context ctx)
    {
        var backend = BackendRegistry.Get(ctx);
        var kernel = backend.FindKernel(op.Name)
            ?? throw new NotSupportedException($"{op.Name}: no kernel on {ctx} (backend {backend.GetType().Name})");
        if (!OpProfiler.Enabled)
        {
            kernel(new KernelContext(op, param, inputs, outs, Autograd.IsTraining, ctx));
            return;
        }
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        kernel(new KernelContext(op, param, inputs, outs, Autograd.IsTraining, ctx));
        OpProfiler.AddKernel(op.Name, System.Diagnostics.Stopwatch.GetTimestamp() - t0);
    }
}
