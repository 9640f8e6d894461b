using System.Text;

namespace Gluon;

public partial class Block
{
    /// <summary>
    /// Runs a forward pass on <paramref name="inputs"/> and returns (and prints) MXNet's summary
    /// table: one row per called block (containers skipped) with output shape and parameter
    /// count, then total, trainable, non-trainable, shared and unique counts. Parameters must be
    /// initialized, and no block may be hybridized.
    /// </summary>
    /// <exception cref="InvalidOperationException">A block is hybridized.</exception>
    public string Summary(params NDArray[] inputs)
    {
        var rows = new List<(string Layer, string Shape, long Params, long Trainable, long Shared)>
        {
            ("Input", ShapeText(inputs), 0, 0, 0),
        };
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        var handles = new List<HookHandle>();
        try
        {
            Apply(block =>
            {
                if (block is HybridBlock { IsActive: true })
                    throw new InvalidOperationException($"\"{block.GetType().Name}\" must not be hybridized to print summary.");
                if (block is Nn.Sequential or Nn.HybridSequential) return;
                handles.Add(block.RegisterForwardHook((b, _, outputs) =>
                {
                    long n = 0, trainable = 0, shared = 0;
                    foreach (var p in b.Params.Values)
                    {
                        long size = p.Data().Size;
                        n += size;
                        if (p.GradReq != GradReq.Null) trainable += size;
                        if (!seen.Add(p)) shared += size;
                    }
                    rows.Add(($"{b.GetType().Name}-{rows.Count}", ShapeText(outputs), n, trainable, shared));
                }));
            });
            CallMulti(inputs);
        }
        finally
        {
            foreach (var h in handles) h.Detach();
        }
        var sb = new StringBuilder();
        string Line(string a, string b, string c) => $"{a,20}  {b,42} {c,15}";
        sb.AppendLine(new string('-', 80));
        sb.AppendLine(Line("Layer (type)", "Output Shape", "Param #"));
        sb.AppendLine(new string('=', 80));
        long total = 0, train = 0, sharedTotal = 0;
        foreach (var r in rows)
        {
            sb.AppendLine(Line(r.Layer, r.Shape, r.Params.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            total += r.Params;
            train += r.Trainable;
            sharedTotal += r.Shared;
        }
        sb.AppendLine(new string('=', 80));
        sb.AppendLine("Parameters in forward computation graph, duplicate included");
        sb.AppendLine($"   Total params: {total}");
        sb.AppendLine($"   Trainable params: {train}");
        sb.AppendLine($"   Non-trainable params: {total - train}");
        sb.AppendLine($"Shared params in forward computation graph: {sharedTotal}");
        sb.AppendLine($"Unique parameters in model: {total - sharedTotal}");
        sb.AppendLine(new string('-', 80));
        var text = sb.ToString();
        Console.Write(text);
        return text;
    }

    /// <summary>Shapes as MXNet prints them: one tuple, or several separated by commas.</summary>
    private static string ShapeText(IReadOnlyList<NDArray?> arrays) =>
        arrays.Count == 1 ? arrays[0]?.Shape.ToString() ?? "None" : string.Join(", ", arrays.Select(a => a?.Shape.ToString() ?? "None"));
}
