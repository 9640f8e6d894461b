namespace Gluon.Initializers;

/// <summary>
/// Initializes the packed 1-D parameter vector of a fused RNN (MXNet's <c>mx.init.FusedRNN(init,
/// num_hidden, num_layers, mode, bidirectional=False, forget_bias=1.0)</c>, cuDNN layout as in
/// <c>FusedRNNCell._slice_weights</c>): it is cut into per-gate pieces named
/// <c>{l|r}{layer}_{i2h|h2h}{gate}_{weight|bias}</c>, each piece is initialized on its own — with
/// <see cref="PieceInit"/> when given, else with the global initializer, both dispatching on the piece
/// name — and, for LSTM, every piece ending in <c>_f_bias</c> (i2h and h2h) is set to
/// <see cref="ForgetBias"/>. Layout: for each layer and direction the i2h weights of every gate
/// (hidden × input, or hidden × directions·hidden above layer 0), then the h2h weights
/// (hidden × hidden); after all weights, for each layer and direction the i2h then h2h biases.
/// </summary>
public sealed class FusedRNN : Initializer
{
    private static readonly Dictionary<string, string[]> s_gates = new()
    {
        ["rnn_relu"] = [""],
        ["rnn_tanh"] = [""],
        ["lstm"] = ["_i", "_f", "_c", "_o"],
        ["gru"] = ["_r", "_z", "_o"],
    };

    /// <summary>The initializer of the pieces; null means the global initializer.</summary>
    public Initializer? PieceInit { get; }

    /// <summary>Hidden units per layer and direction.</summary>
    public int NumHidden { get; }

    /// <summary>Stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary><c>rnn_relu</c>, <c>rnn_tanh</c>, <c>lstm</c> or <c>gru</c>.</summary>
    public string Mode { get; }

    /// <summary>Whether each layer has a reverse direction too.</summary>
    public bool Bidirectional { get; }

    /// <summary>The value of the LSTM forget-gate biases.</summary>
    public double ForgetBias { get; }

    /// <summary>A fused-RNN initializer for the given cell configuration.</summary>
    /// <exception cref="ArgumentException">Unknown mode, or non-positive sizes.</exception>
    public FusedRNN(Initializer? init, int numHidden, int numLayers, string mode, bool bidirectional = false, double forgetBias = 1.0)
    {
        ArgumentNullException.ThrowIfNull(mode);
        if (!s_gates.ContainsKey(mode))
            throw new ArgumentException($"FusedRNN: unknown mode '{mode}' (expected rnn_relu, rnn_tanh, lstm or gru)", nameof(mode));
        if (numHidden <= 0) throw new ArgumentException($"FusedRNN: num_hidden must be positive, got {numHidden}", nameof(numHidden));
        if (numLayers <= 0) throw new ArgumentException($"FusedRNN: num_layers must be positive, got {numLayers}", nameof(numLayers));
        PieceInit = init;
        NumHidden = numHidden;
        NumLayers = numLayers;
        Mode = mode;
        Bidirectional = bidirectional;
        ForgetBias = forgetBias;
        Kwargs["init"] = init?.Dumps();
        Kwargs["num_hidden"] = numHidden;
        Kwargs["num_layers"] = numLayers;
        Kwargs["mode"] = mode;
        Kwargs["bidirectional"] = bidirectional;
        Kwargs["forget_bias"] = forgetBias;
    }

    /// <summary>The pieces (name, shape) of a packed vector for input size <paramref name="numInput"/>, in packing order.</summary>
    public IReadOnlyList<(string Name, Shape Shape)> Pieces(int numInput)
    {
        var gates = s_gates[Mode];
        string[] dirs = Bidirectional ? ["l", "r"] : ["l"];
        int b = dirs.Length, h = NumHidden;
        var list = new List<(string, Shape)>();
        for (int layer = 0; layer < NumLayers; layer++)
            foreach (var d in dirs)
            {
                foreach (var g in gates) list.Add(($"{d}{layer}_i2h{g}_weight", new Shape(h, layer > 0 ? b * h : numInput)));
                foreach (var g in gates) list.Add(($"{d}{layer}_h2h{g}_weight", new Shape(h, h)));
            }
        for (int layer = 0; layer < NumLayers; layer++)
            foreach (var d in dirs)
            {
                foreach (var g in gates) list.Add(($"{d}{layer}_i2h{g}_bias", new Shape(h)));
                foreach (var g in gates) list.Add(($"{d}{layer}_h2h{g}_bias", new Shape(h)));
            }
        return list;
    }

    /// <summary>The input size implied by a packed vector of <paramref name="size"/> elements (MXNet's <c>_size_to_num_input</c>).</summary>
    public int NumInputFor(int size)
    {
        int b = Bidirectional ? 2 : 1, m = s_gates[Mode].Length, h = NumHidden;
        return size / b / h / m - (NumLayers - 1) * (h + b * h + 2) - h - 2;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The array is not 1-D of a size this configuration can pack, or there is no initializer for the pieces.</exception>
    protected internal override void InitWeight(InitDesc desc, NDArray arr)
    {
        if (arr.Shape.Rank != 1)
            throw new ArgumentException($"FusedRNN initializer for '{desc.Name}': needs the packed 1-D parameter vector, got shape {arr.Shape}");
        int size = arr.Shape[0];
        int numInput = NumInputFor(size);
        var pieces = Pieces(Math.Max(numInput, 0));
        long total = pieces.Sum(p => (long)p.Shape.Size);
        if (numInput <= 0 || total != size)
            throw new ArgumentException($"FusedRNN initializer for '{desc.Name}': {size} elements do not pack a {Mode} of {NumLayers} layer(s), {(Bidirectional ? 2 : 1)} direction(s), {NumHidden} hidden units");
        var pieceInit = PieceInit ?? desc.GlobalInit;
        if (pieceInit is null || (PieceInit is null && ReferenceEquals(pieceInit, this)))
            throw new ArgumentException($"FusedRNN initializer for '{desc.Name}': no initializer for the pieces; pass init, or use FusedRNN as the parameter's own initializer under another global one");

        var packed = new double[size];
        int pos = 0;
        foreach (var (name, shape) in pieces)
        {
            var piece = Nd.Zeros(shape, arr.DType);
            if (Mode == "lstm" && name.EndsWith("_f_bias", StringComparison.Ordinal)) Fill(piece, ForgetBias);
            else pieceInit.Init(new InitDesc(name, globalInit: desc.GlobalInit), piece);
            piece.ToArray<double>().CopyTo(packed, pos);
            pos += shape.Size;
        }
        Assign(arr, Nd.Array<double>(packed, arr.Shape));
    }
}
