using Gluon.Ops;

namespace Gluon;

public static partial class Autograd
{
    /// <summary>
    /// Computes the gradients of <paramref name="heads"/> with respect to every marked variable
    /// they depend on and writes or adds them into the variables' gradient buffers
    /// (<c>autograd.backward</c>). A null head gradient means ones.
    /// </summary>
    /// <exception cref="InvalidOperationException">A head was not recorded, or the graph was freed by an earlier backward.</exception>
    public static void Backward(IReadOnlyList<NDArray> heads, IReadOnlyList<NDArray?>? headGrads = null, bool retainGraph = false, bool trainMode = true)
    {
        // Every array made on the way (head ones, intermediate and accumulated gradients, the
        // temporaries of composite gradient formulas) is freed when the gradients are written:
        // left to the finalizer, each step would miss the memory pool, take fresh pages from the
        // OS and add memory pressure that forces full GCs (a composite backward ran 5-10x slower).
        using var temporaries = NDArrayScope.Begin();
        var grads = Run(heads, headGrads, retainGraph, createGraph: false, trainMode, directWrite: true);
        using var _ = Pause(trainMode);
        if (OpProfiler.Enabled) OpProfiler.Phase = "bwd:write-grads";
        foreach (var (node, g) in grads)
        {
            if (node.GradBuffer is not { } buf || node.Req == GradReq.Null) continue;
            if (ReferenceEquals(g, buf)) { }   // the gradient function wrote it in place (GradientContext.GradTarget)
            else if (node.Req == GradReq.Add)
                Imperative.Invoke(OpRegistry.Get("elemwise_add"), new OpAttrs(), [buf, g], outputs: [buf]);
            else
                Imperative.Invoke(OpRegistry.Get("_copy"), new OpAttrs(), [g], outputs: [buf]);
            node.Variable!.FreshGrad = true;
        }
        if (OpProfiler.Enabled) OpProfiler.Phase = null;
    }

    /// <summary>
    /// Returns the gradients of <paramref name="heads"/> with respect to <paramref name="variables"/>
    /// as new arrays, leaving the gradient buffers untouched (<c>autograd.grad</c>). With
    /// <paramref name="createGraph"/> the computation is recorded, so the results can be
    /// differentiated again. <paramref name="retainGraph"/> defaults to <paramref name="createGraph"/>.
    /// </summary>
    public static NDArray[] Grad(IReadOnlyList<NDArray> heads, IReadOnlyList<NDArray> variables, IReadOnlyList<NDArray?>? headGrads = null,
        bool? retainGraph = null, bool createGraph = false, bool trainMode = true)
    {
        foreach (var v in variables)
            if (v.Entry is not { Node.IsVariable: true })
                throw new InvalidOperationException($"autograd.grad: a variable of shape {v.Shape} was not marked with AttachGrad/MarkVariables");
        // Without a graph to keep, the temporaries of the pass are freed as in Backward; the
        // returned gradients are kept. A recorded graph (createGraph) references them, so it frees nothing.
        using var temporaries = createGraph ? null : NDArrayScope.Begin();
        var grads = Run(heads, headGrads, retainGraph ?? createGraph, createGraph, trainMode);
        var result = new NDArray[variables.Count];
        using var _ = createGraph ? Record(trainMode) : Pause(trainMode);
        for (int i = 0; i < variables.Count; i++)
        {
            var node = variables[i].Entry!.Node;
            result[i] = grads.TryGetValue(node, out var g) ? g : Imperative.Invoke1("zeros_like", null, variables[i]);
            temporaries?.Keep(result[i]);
        }
        return result;
    }

    private static Dictionary<TapeNode, NDArray> Run(IReadOnlyList<NDArray> heads, IReadOnlyList<NDArray?>? headGrads,
        bool retainGraph, bool createGraph, bool trainMode, bool directWrite = false)
    {
        if (headGrads is not null && headGrads.Count != heads.Count)
            throw new ArgumentException($"backward: {heads.Count} heads but {headGrads.Count} head gradients");
        using var scope = createGraph ? Record(trainMode) : Pause(trainMode);

        var grads = new Dictionary<TapeEntry, NDArray>();
        var roots = new List<TapeNode>();
        for (int i = 0; i < heads.Count; i++)
        {
            var h = heads[i];
            var e = h.Entry ?? throw new InvalidOperationException(
                $"backward: head {i} (shape {h.Shape}) is not part of a recorded graph; compute it inside autograd.Record() from arrays with AttachGrad");
            var hg = headGrads?[i];
            if (hg is not null && hg.Shape != h.Shape)
                throw new ArgumentException($"backward: head gradient {i} has shape {hg.Shape}, head has shape {h.Shape}");
            Accumulate(grads, e, hg ?? Imperative.Invoke1("ones_like", null, h));
            roots.Add(e.Node);
        }

        var order = TopologicalOrder(roots);
        CountVariableUses(order, directWrite);
        foreach (var r in roots) r.DirectWrite = false;
        try
        {
            return Replay(order, grads, retainGraph);
        }
        finally
        {
            foreach (var node in order) node.DirectWrite = false;
        }
    }

    /// <summary>
    /// Sets each variable's <see cref="TapeNode.Uses"/> (inputs of the graph reading it) and whether
    /// its gradient may be written in place: a head variable gets its gradient from outside, so never.
    /// </summary>
    private static void CountVariableUses(List<TapeNode> order, bool directWrite)
    {
        foreach (var node in order)
            if (node.IsVariable) { node.Uses = 0; node.DirectWrite = directWrite && node.Req == GradReq.Write; }
        foreach (var node in order)
            foreach (var e in node.InputEntries)
                if (e is { Node.IsVariable: true }) e.Node.Uses++;
    }

    private static Dictionary<TapeNode, NDArray> Replay(List<TapeNode> order, Dictionary<TapeEntry, NDArray> grads, bool retainGraph)
    {
        var variableGrads = new Dictionary<TapeNode, NDArray>();
        for (int n = order.Count - 1; n >= 0; n--)
        {
            var node = order[n];
            if (node.IsVariable)
            {
                if (grads.TryGetValue(new TapeEntry(node, 0), out var vg)) variableGrads[node] = vg;
                continue;
            }
            if (node.Freed)
                throw new InvalidOperationException("backward: the graph was freed by an earlier backward; pass retainGraph: true to backward twice");

            int nOut = node.Outputs.Length;
            var outGrads = new NDArray[nOut];
            bool any = false;
            for (int j = 0; j < nOut; j++)
            {
                if (grads.Remove(new TapeEntry(node, j), out var g)) { outGrads[j] = g; any = true; }
            }
            if (!any) continue;
            for (int j = 0; j < nOut; j++) outGrads[j] ??= Imperative.Invoke1("zeros_like", null, node.Outputs[j]);

            long t0 = 0;
            if (OpProfiler.Enabled) { OpProfiler.Phase = "bwd:" + (node.Op?.Name ?? "Function"); t0 = System.Diagnostics.Stopwatch.GetTimestamp(); }
            NDArray?[] inGrads = node.Function is { } f
                ? f.InvokeBackward(outGrads)
                : node.Op!.Gradient(new GradientContext(node.Op, node.Param!, node.Inputs, node.Outputs, outGrads, node.InputEntries));
            if (OpProfiler.Enabled)
            {
                OpProfiler.AddGradient(node.Op?.Name ?? "Function", System.Diagnostics.Stopwatch.GetTimestamp() - t0);
                OpProfiler.Phase = "bwd:accumulate";
            }
            if (inGrads.Length != node.Inputs.Length)
                throw new InvalidOperationException($"{node.Op?.Name ?? "Function"}: gradient returned {inGrads.Length} arrays for {node.Inputs.Length} inputs");
            for (int k = 0; k < inGrads.Length; k++)
            {
                if (node.InputEntries[k] is not { } ie || inGrads[k] is not { } ig) continue;
                if (ig.Shape != node.Inputs[k].Shape)
                    throw new InvalidOperationException($"{node.Op?.Name ?? "Function"}: gradient of input {k} has shape {ig.Shape}, the input has {node.Inputs[k].Shape}");
                Accumulate(grads, ie, ig);
            }
            if (!retainGraph) node.Free();
        }
        if (OpProfiler.Enabled) OpProfiler.Phase = null;
        return variableGrads;
    }

    private static void Accumulate(Dictionary<TapeEntry, NDArray> grads, TapeEntry e, NDArray g)
    {
        grads[e] = grads.TryGetValue(e, out var prev) ? Imperative.Invoke1("elemwise_add", null, prev, g) : g;
    }

    private static List<TapeNode> TopologicalOrder(List<TapeNode> roots)
    {
        // Iterative post-order DFS: deep graphs (long RNN unrolls) must not overflow the stack.
        var order = new List<TapeNode>();
        var visited = new HashSet<TapeNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(TapeNode Node, int Next)>();
        foreach (var r in roots)
        {
            if (!visited.Add(r)) continue;
            stack.Push((r, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.InputEntries.Length)
                {
                    stack.Push((node, next + 1));
                    if (node.InputEntries[next] is { } e && visited.Add(e.Node)) stack.Push((e.Node, 0));
                }
                else order.Add(node);
            }
        }
        return order;
    }
}
