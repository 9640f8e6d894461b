namespace Gluon.Bench.Onnx;

/// <summary>
/// Builds an ONNX ModelProto in memory: float32 graph inputs, initializers and nodes with int,
/// ints and float attributes, encoded with the field numbers of onnx.proto (ModelProto: ir_version 1,
/// graph 7, opset_import 8; GraphProto: node 1, name 2, initializer 5, input 11, output 12;
/// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5; AttributeProto: name 1, f 2, i 3,
/// ints 8, type 20; TensorProto: dims 1, data_type 2, name 8, raw_data 9; ValueInfoProto: name 1,
/// type 2; TypeProto.tensor_type 1: elem_type 1, shape 2; TensorShapeProto.dim 1: dim_value 1).
/// </summary>
internal sealed class OnnxGraph
{
    private const int FloatType = 1;
    private const int AttrFloat = 1, AttrInt = 2, AttrInts = 7;

    private readonly List<Action<ProtoWriter>> _nodes = [], _inits = [], _inputs = [], _outputs = [];
    private int _counter;

    /// <summary>A graph attribute: an int, a list of ints or a float.</summary>
    public readonly record struct Attr(string Name, long? I = null, long[]? Ints = null, float? F = null);

    /// <summary>Adds a float32 graph input.</summary>
    public string Input(string name, params long[] dims)
    {
        _inputs.Add(w => ValueInfo(w, name, dims));
        return name;
    }

    /// <summary>Marks a value as a graph output (float32, shape left to inference).</summary>
    public void Output(string name) => _outputs.Add(w => ValueInfo(w, name, null));

    /// <summary>Adds a float32 initializer (a weight) and returns its name.</summary>
    public string Initializer(string name, float[] data, params long[] dims)
    {
        if (data.Length != dims.Aggregate(1L, (a, d) => a * d))
            throw new ArgumentException($"ONNX initializer {name}: {data.Length} values for dims [{string.Join(",", dims)}]");
        _inits.Add(w => w.PackedInts(1, dims).Int(2, FloatType).String(8, name).RawFloats(9, data));
        return name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, params Attr[] attrs)
    {
        string output = $"{opType.ToLowerInvariant()}{_counter++}";
        _nodes.Add(w =>
        {
            foreach (var i in inputs) w.String(1, i);
            w.String(2, output).String(3, output + "_node").String(4, opType);
            foreach (var a in attrs)
                w.Message(5, aw =>
                {
                    aw.String(1, a.Name);
                    if (a.I is long i) aw.Int(3, i).Int(20, AttrInt);
                    else if (a.Ints is long[] ints) aw.PackedInts(8, ints).Int(20, AttrInts);
                    else if (a.F is float f) aw.Float(2, f).Int(20, AttrFloat);
                });
        });
        return output;
    }

    /// <summary>The encoded ModelProto (IR version 8, default-domain opset 13).</summary>
    public byte[] ToModel(string name)
    {
        var m = new ProtoWriter();
        m.Int(1, 8).String(2, "Gluon.Bench");
        m.Message(7, g =>
        {
            foreach (var n in _nodes) g.Message(1, n);
            g.String(2, name);
            foreach (var i in _inits) g.Message(5, i);
            foreach (var i in _inputs) g.Message(11, i);
            foreach (var o in _outputs) g.Message(12, o);
        });
        m.Message(8, o => o.String(1, "").Int(2, 13));
        return m.ToArray();
    }

    private static void ValueInfo(ProtoWriter w, string name, long[]? dims)
    {
        w.String(1, name);
        w.Message(2, t => t.Message(1, tt =>
        {
            tt.Int(1, FloatType);
            if (dims is not null)
                tt.Message(2, s => { foreach (var d in dims) s.Message(1, dw => dw.Int(1, d)); });
        }));
    }
}
