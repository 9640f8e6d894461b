using System.Buffers.Binary;
using System.Text;
using Gluon.Serialization;

namespace Gluon.Tests;

/// <summary>
/// MXNet's NDArray-list file (formats spec §1): the worked example's exact bytes, round trips,
/// the real MXNet-written files in shared/external/mxnet-models, and corrupt inputs.
/// </summary>
public sealed class NDArrayFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gluon-ndfile-" + Guid.NewGuid().ToString("N"));

    public NDArrayFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The 81 bytes of §1.10: nd.save(f, {'w': nd.array([1, 2])}).
    private static readonly byte[] s_worked =
    [
        0x12, 0x01, 0, 0, 0, 0, 0, 0, // header 0x112
        0, 0, 0, 0, 0, 0, 0, 0,       // reserved
        1, 0, 0, 0, 0, 0, 0, 0,       // 1 array
        0xc9, 0xfa, 0x93, 0xf9,       // V2 magic            @24
        0, 0, 0, 0,                   // stype 0             @28
        1, 0, 0, 0,                   // ndim 1              @32
        2, 0, 0, 0, 0, 0, 0, 0,       // dim0 = 2            @36
        1, 0, 0, 0, 0, 0, 0, 0,       // ctx cpu(0)          @44
        0, 0, 0, 0,                   // type flag float32   @52
        0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, // 1.0f, 2.0f       @56
        1, 0, 0, 0, 0, 0, 0, 0,       // 1 name              @64
        1, 0, 0, 0, 0, 0, 0, 0,       // name length 1       @72
        0x77,                         // "w"                 @80
    ];

    private string TempPath(string name = "a.params") => Path.Combine(_dir, name);

    // ---- the worked example ---------------------------------------------------------------------

    [Fact]
    public void WorkedExampleBytesExactly()
    {
        Assert.Equal(81, s_worked.Length);
        var w = Nd.Array(new float[] { 1, 2 });
        string path = TempPath();
        NDArrayFile.Save(path, new Dictionary<string, NDArray> { ["w"] = w });
        Assert.Equal(s_worked, File.ReadAllBytes(path));

        var ms = new MemoryStream();
        NDArrayFile.Save(ms, new Dictionary<string, NDArray> { ["w"] = w });
        Assert.Equal(s_worked, ms.ToArray());

        Nd.Save(path, new Dictionary<string, NDArray> { ["w"] = w });
        Assert.Equal(s_worked, File.ReadAllBytes(path));

        var loaded = NDArrayFile.Load(new MemoryStream(s_worked));
        Assert.Single(loaded);
        Assert.Equal("w", loaded[0].Name);
        Assert.Equal(new Shape(2), loaded[0].Array.Shape);
        Assert.Equal(DType.Float32, loaded[0].Array.DType);
        Assert.Equal(Context.Cpu(0), loaded[0].Array.Context);
        Assert.Equal(new float[] { 1, 2 }, loaded[0].Array.ToArray<float>());
    }

    [Fact]
    public void UnnamedListHasNameCountZero()
    {
        string path = TempPath();
        Nd.Save(path, new[] { Nd.Array(new float[] { 1, 2 }) });
        var bytes = File.ReadAllBytes(path);
        // Same record as the worked example, then a zero name count and nothing else.
        Assert.Equal(s_worked.AsSpan(0, 64).ToArray(), bytes.AsSpan(0, 64).ToArray());
        Assert.Equal(72, bytes.Length);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(64)));

        Nd.Save(path, Nd.Array(new float[] { 1, 2 }));
        Assert.Equal(bytes, File.ReadAllBytes(path));

        var loaded = Nd.Load(path);
        Assert.Equal("", loaded[0].Name);
        Assert.Equal(new float[] { 1, 2 }, NDArrayFile.LoadList(path)[0].ToArray<float>());
        Check.Throws<InvalidDataException>(() => NDArrayFile.LoadDict(path), "a.params", "unnamed list", "LoadList");
    }

    // ---- round trips --------------------------------------------------------------------------

    public static TheoryData<DType> AllDTypes()
    {
        var d = new TheoryData<DType>();
        foreach (var t in Enum.GetValues<DType>()) d.Add(t);
        return d;
    }

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void RoundTripEveryDTypeRanksZeroToFourAndSizeZero(DType dtype)
    {
        Shape[] shapes =
        [
            Shape.Scalar, new(1), new(17), new(3, 5), new(2, 3, 4), new(2, 1, 3, 5),
            new(0), new(3, 0), new(2, 0, 4), new(1, 2, 0, 3),
        ];
        var rng = new Random(7 + (int)dtype);
        var arrays = new Dictionary<string, NDArray>();
        var expected = new Dictionary<string, byte[]>();
        for (int i = 0; i < shapes.Length; i++)
        {
            var a = NDArray.Allocate(shapes[i], dtype, Context.Cpu(0));
            var bytes = new byte[(long)a.Size * dtype.SizeOf()];
            rng.NextBytes(bytes);
            // bool holds 0/1 in MXNet; keep it meaningful, other dtypes round-trip any bit pattern (NaNs included).
            if (dtype == DType.Bool) for (int j = 0; j < bytes.Length; j++) bytes[j] &= 1;
            a.CopyFromHost(bytes);
            arrays[$"a{i}"] = a;
            expected[$"a{i}"] = bytes;
        }

        string path = TempPath();
        NDArrayFile.Save(path, arrays);
        var file = File.ReadAllBytes(path);
        // Record magics: V2 for ordinary arrays, V3 (numpy shape) for scalars and zero-size arrays.
        long off = 24;
        for (int i = 0; i < shapes.Length; i++)
        {
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)off));
            bool v3 = shapes[i].Rank == 0 || shapes[i].Size == 0;
            Assert.Equal(v3 ? 0xF993FACAu : 0xF993FAC9u, magic);
            Assert.Equal((int)dtype, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan((int)(off + 12 + 8 * shapes[i].Rank + 8))));
            off += 4 + 4 + 4 + 8 * shapes[i].Rank + 8 + 4 + (long)shapes[i].Size * dtype.SizeOf();
        }

        var loaded = NDArrayFile.LoadDict(path);
        Assert.Equal(arrays.Keys, loaded.Keys);
        foreach (var (name, a) in loaded)
        {
            Assert.Equal(arrays[name].Shape, a.Shape);
            Assert.Equal(dtype, a.DType);
            var got = new byte[expected[name].Length];
            a.CopyToHost(got);
            Assert.Equal(expected[name], got);
        }

        // The list form and the stream overloads give the same arrays.
        var ms = new MemoryStream();
        NDArrayFile.Save(ms, arrays.Values.ToList());
        ms.Position = 0;
        var list = NDArrayFile.LoadList(ms);
        Assert.Equal(shapes.Length, list.Count);
        for (int i = 0; i < shapes.Length; i++) Assert.Equal(shapes[i], list[i].Shape);
    }

    [Fact]
    public void RoundTripValuesAndUnicodeNamesInOrder()
    {
        var arrays = new Dictionary<string, NDArray>
        {
            ["Gewicht.ä"] = Nd.Array(new double[] { 1.5, -2.25, double.MaxValue }),
            ["權重"] = Nd.Array(new long[] { long.MinValue, 0, long.MaxValue }),
            ["emoji 🙂.bias"] = Nd.Array(new Half[] { (Half)0.5, Half.NegativeInfinity }),
            [""] = Nd.Array(new BFloat16[] { (BFloat16)1.0f, (BFloat16)(-3.0f) }),
            ["features.3.running_mean"] = Nd.Array(new bool[] { true, false, true }),
            ["arg:x"] = Nd.Array(new sbyte[] { -128, 127 }),
            ["aux:y"] = Nd.Array(new byte[] { 0, 255 }),
            ["z"] = Nd.Array(new int[,] { { int.MinValue, 1 }, { 2, int.MaxValue } }),
        };
        string path = TempPath("ünï côdé.params");
        Nd.Save(path, arrays);
        var loaded = Nd.Load(path);
        Assert.Equal(arrays.Keys.ToArray(), loaded.Select(p => p.Name).ToArray());
        Assert.Equal(new[] { 1.5, -2.25, double.MaxValue }, loaded[0].Array.ToArray<double>());
        Assert.Equal(new[] { long.MinValue, 0, long.MaxValue }, loaded[1].Array.ToArray<long>());
        Assert.Equal(new[] { (Half)0.5, Half.NegativeInfinity }, loaded[2].Array.ToArray<Half>());
        Assert.Equal(new[] { 1.0f, -3.0f }, loaded[3].Array.AsType(DType.Float32).ToArray<float>());
        Assert.Equal(new[] { true, false, true }, loaded[4].Array.ToArray<bool>());
        Assert.Equal(new sbyte[] { -128, 127 }, loaded[5].Array.ToArray<sbyte>());
        Assert.Equal(new byte[] { 0, 255 }, loaded[6].Array.ToArray<byte>());
        Assert.Equal(new Shape(2, 2), loaded[7].Array.Shape);
        Assert.Equal(new[] { int.MinValue, 1, 2, int.MaxValue }, loaded[7].Array.ToArray<int>());
        // Names are stored as UTF-8 bytes with a byte-length prefix.
        var file = File.ReadAllBytes(path);
        var utf8 = Encoding.UTF8.GetBytes("emoji 🙂.bias");
        Assert.True(file.AsSpan().IndexOf(utf8) > 0);
    }

    [Fact]
    public void LoadsOntoTheRequestedContextWhateverTheFileSays()
    {
        // The worked example with ctx gpu(3) in the file: it loads to cpu, or to the ctx asked for.
        var bytes = (byte[])s_worked.Clone();
        bytes[44] = 2;
        bytes[48] = 3;
        Assert.Equal(Context.Cpu(0), NDArrayFile.Load(new MemoryStream(bytes))[0].Array.Context);
        var onCpu1 = NDArrayFile.Load(new MemoryStream(bytes), Context.Cpu(1));
        Assert.Equal(Context.Cpu(1), onCpu1[0].Array.Context);
        Assert.Equal(new float[] { 1, 2 }, onCpu1[0].Array.ToArray<float>());

        string path = TempPath();
        Nd.Save(path, new Dictionary<string, NDArray> { ["w"] = Nd.Array(new float[] { 1, 2 }, Context.Cpu(2)) });
        Assert.Equal(s_worked, File.ReadAllBytes(path)); // always written as cpu(0)
        Assert.Equal(Context.Cpu(2), NDArrayFile.LoadDict(path, Context.Cpu(2))["w"].Context);
    }

    // ---- hand-built records of every version ------------------------------------------------------

    [Fact]
    public void ReadsHandBuiltV0V1V2V3Records()
    {
        var b = new FileBuilder(count: 4);
        // v0: uint32 ndim, uint32 dims; int32 data.
        b.U32(2).U32(2).U32(3).Ctx(1, 0).I32(4);
        foreach (int v in new[] { 1, 2, 3, 4, 5, 6 }) b.I32(v);
        // V1: magic, int32 ndim, int64 dims; int64 data; stored on gpu(1).
        b.U32(0xF993FAC8).I32(1).I64(2).Ctx(2, 1).I32(6).I64(-7).I64(1L << 40);
        // V2: float64 (2, 1).
        b.U32(0xF993FAC9).I32(0).I32(2).I64(2).I64(1).Ctx(1, 0).I32(1).F64(0.25).F64(-8);
        // V3: a float16 scalar (ndim 0 is a real scalar under numpy shape).
        b.U32(0xF993FACA).I32(0).I32(0).Ctx(1, 0).I32(2).U16(BitConverter.HalfToUInt16Bits((Half)3.5));
        b.Names("v0", "v1", "v2", "v3");

        var d = NDArrayFile.LoadDict(new MemoryStream(b.ToArray()));
        Assert.Equal(new Shape(2, 3), d["v0"].Shape);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, d["v0"].ToArray<int>());
        Assert.Equal(new[] { -7L, 1L << 40 }, d["v1"].ToArray<long>());
        Assert.Equal(Context.Cpu(0), d["v1"].Context);
        Assert.Equal(new Shape(2, 1), d["v2"].Shape);
        Assert.Equal(new[] { 0.25, -8 }, d["v2"].ToArray<double>());
        Assert.Equal(Shape.Scalar, d["v3"].Shape);
        Assert.Equal((Half)3.5, d["v3"].AsScalar<Half>());
    }

    // ---- real MXNet-written files ------------------------------------------------------------------

    [Fact]
    public void SageMakerLinRegV1Params()
    {
        var d = NDArrayFile.LoadDict(Sample("sagemaker-linreg/model-0000.params"));
        Assert.Equal(new[] { "arg:fc1_weight", "arg:fc1_bias" }, d.Keys.ToArray());
        Assert.Equal(new Shape(1, 2), d["arg:fc1_weight"].Shape);
        Assert.Equal(new[] { 1.0f, (float)1.9999948740005493 }, d["arg:fc1_weight"].ToArray<float>());
        Assert.Equal(new Shape(1), d["arg:fc1_bias"].Shape);
        Assert.Equal(new[] { (float)2.4798819140414707e-06 }, d["arg:fc1_bias"].ToArray<float>());
        // SOURCES.md: input [[1, 2]] gives 4.9999918937683105 in float32.
        float y = 1f * 1.0f + 2f * d["arg:fc1_weight"].ToArray<float>()[1] + d["arg:fc1_bias"].ToArray<float>()[0];
        Assert.Equal(4.9999918937683105, (double)y);
    }

    [Fact]
    public void LegacyV0IsSixArangeOf128()
    {
        var loaded = NDArrayFile.Load(Sample("mxnet-unittest-legacy/legacy_ndarray.v0"));
        Assert.Equal(6, loaded.Count);
        var arange = Enumerable.Range(0, 128).Select(i => (float)i).ToArray();
        foreach (var (name, a) in loaded)
        {
            Assert.Equal("", name);
            Assert.Equal(new Shape(128), a.Shape);
            Assert.Equal(DType.Float32, a.DType);
            Assert.Equal(arange, a.ToArray<float>());
        }
    }

    [Fact]
    public void D2lNdSaveListAndDict()
    {
        var ones3 = new float[] { 1, 1, 1 };
        var zeros4 = new float[4];
        var x = NDArrayFile.LoadList(Sample("d2l-nd-save/x"));
        Assert.Single(x);
        Assert.Equal(ones3, x[0].ToArray<float>());
        Assert.Equal(new Shape(3), x[0].Shape);

        var xy = Nd.Load(Sample("d2l-nd-save/xy"));
        Assert.Equal(new[] { "", "" }, xy.Select(p => p.Name).ToArray());
        Assert.Equal(ones3, xy[0].Array.ToArray<float>());
        Assert.Equal(zeros4, xy[1].Array.ToArray<float>());
        Assert.Equal(new Shape(4), xy[1].Array.Shape);

        var mydict = NDArrayFile.LoadDict(Sample("d2l-nd-save/mydict"));
        Assert.Equal(new[] { "x", "y" }, mydict.Keys.ToArray());
        Assert.Equal(ones3, mydict["x"].ToArray<float>());
        Assert.Equal(zeros4, mydict["y"].ToArray<float>());

        // Re-saving the loaded arrays reproduces MXNet's bytes exactly.
        string path = TempPath();
        NDArrayFile.Save(path, mydict);
        Assert.Equal(File.ReadAllBytes(Sample("d2l-nd-save/mydict")), File.ReadAllBytes(path));
        NDArrayFile.Save(path, xy.Select(p => p.Array).ToList());
        Assert.Equal(File.ReadAllBytes(Sample("d2l-nd-save/xy")), File.ReadAllBytes(path));
    }

    [Fact]
    public void D2lMlpStructuralAndExportNames()
    {
        var mlp = NDArrayFile.LoadDict(Sample("d2l-mlp/mlp.params"));
        Assert.Equal(new[] { "hidden.weight", "hidden.bias", "output.weight", "output.bias" }, mlp.Keys.ToArray());
        Assert.Equal(new Shape(256, 20), mlp["hidden.weight"].Shape);
        Assert.Equal(new Shape(256), mlp["hidden.bias"].Shape);
        Assert.Equal(new Shape(10, 256), mlp["output.weight"].Shape);
        Assert.Equal(new Shape(10), mlp["output.bias"].Shape);
        CheckUntrained(mlp, "hidden", "output");

        var export = NDArrayFile.LoadDict(Sample("d2l-mlp/my_mlp-0000.params"));
        Assert.Equal(
            new[] { "arg:dense3_weight", "arg:dense3_bias", "arg:dense4_weight", "arg:dense4_bias", "arg:dense5_weight", "arg:dense5_bias" },
            export.Keys.ToArray());
        Assert.Equal(new Shape(256, 512), export["arg:dense3_weight"].Shape);
        Assert.Equal(new Shape(256), export["arg:dense3_bias"].Shape);
        Assert.Equal(new Shape(128, 256), export["arg:dense4_weight"].Shape);
        Assert.Equal(new Shape(128), export["arg:dense4_bias"].Shape);
        Assert.Equal(new Shape(2, 128), export["arg:dense5_weight"].Shape);
        Assert.Equal(new Shape(2), export["arg:dense5_bias"].Shape);
        Assert.All(export.Values, a => Assert.Equal(DType.Float32, a.DType));
        foreach (var (name, a) in export)
            if (name.EndsWith("_bias", StringComparison.Ordinal)) Assert.All(a.ToArray<float>(), v => Assert.Equal(0f, v));

        static void CheckUntrained(IReadOnlyDictionary<string, NDArray> p, params string[] layers)
        {
            foreach (string l in layers)
            {
                // Default init: weights uniform(-0.07, 0.07), biases zero (SOURCES.md §10).
                var w = p[l + ".weight"].ToArray<float>();
                Assert.All(w, v => Assert.InRange(v, -0.07f, 0.07f));
                Assert.True(w.Count(v => v != 0) > w.Length / 2, $"{l}.weight looks empty");
                Assert.All(p[l + ".bias"].ToArray<float>(), v => Assert.Equal(0f, v));
            }
        }
    }

    // ---- corrupt input --------------------------------------------------------------------------

    private static byte[] Patched(Action<byte[]> patch)
    {
        var b = (byte[])s_worked.Clone();
        patch(b);
        return b;
    }

    /// <summary>Writes <paramref name="bytes"/> to a file, loads it, and checks the exception names the file, the offset and the fault.</summary>
    private void AssertFileFault<TException>(byte[] bytes, long offset, params string[] fragments) where TException : Exception
    {
        string path = TempPath("bad.params");
        File.WriteAllBytes(path, bytes);
        Check.Throws<TException>(() => NDArrayFile.Load(path), [$"'{path}'", $"byte offset {offset}:", .. fragments]);
        // The same through a non-seekable stream (no length known up front).
        Check.Throws<TException>(() => NDArrayFile.Load(new ForwardOnlyStream(bytes), sourceName: "net"), ["net", $"byte offset {offset}:", .. fragments]);
    }

    [Fact]
    public void BadHeader()
    {
        AssertFileFault<InvalidDataException>(Patched(b => b[0] = 0x13), 0, "bad file header 0x113", "0x112");
        AssertFileFault<InvalidDataException>(Encoding.ASCII.GetBytes("{\"nodes\": []}\n\n\n"), 0, "bad file header");
        AssertFileFault<InvalidDataException>([], 0, "truncated", "file header");
    }

    [Fact]
    public void TruncatedAtEveryLength()
    {
        for (int len = 0; len < s_worked.Length; len++)
        {
            string path = TempPath("cut.params");
            File.WriteAllBytes(path, s_worked[..len]);
            var e = Assert.Throws<InvalidDataException>(() => NDArrayFile.Load(path));
            Assert.Contains("truncated", e.Message);
            Assert.Contains("byte offset", e.Message);
            Assert.Contains("cut.params", e.Message);
            Assert.Throws<InvalidDataException>(() => NDArrayFile.Load(new ForwardOnlyStream(s_worked[..len])));
        }
        // Cut inside the payload: names the payload's offset, the need and where the data ends.
        AssertFileFault<InvalidDataException>(s_worked[..60], 56, "truncated", "float32 data of array 0", "(2,)", "60");
        // Cut inside the name.
        AssertFileFault<InvalidDataException>(s_worked[..80], 80, "truncated", "expected 1 bytes of name 0", "ends at offset 80");
    }

    [Fact]
    public void UnknownTypeFlag()
    {
        AssertFileFault<InvalidDataException>(Patched(b => b[52] = 9), 52, "type flag 9 (uint16)", "not a Gluon dtype");
        AssertFileFault<InvalidDataException>(Patched(b => b[52] = 99), 52, "type flag 99");
        AssertFileFault<InvalidDataException>(Patched(b => b[52] = 0xff), 52, "type flag 255");
    }

    [Fact]
    public void SparseAndUnknownStorage()
    {
        AssertFileFault<NotSupportedException>(Patched(b => b[28] = 1), 28, "row_sparse", "dense");
        AssertFileFault<NotSupportedException>(Patched(b => b[28] = 2), 28, "csr", "dense");
        AssertFileFault<InvalidDataException>(Patched(b => b[28] = 5), 28, "unknown storage type 5");
        AssertFileFault<InvalidDataException>(Patched(b => b.AsSpan(28, 4).Fill(0xff)), 28, "unknown storage type -1");
    }

    [Fact]
    public void NegativeAndOverflowingDims()
    {
        AssertFileFault<InvalidDataException>(Patched(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(36), -3)), 36, "negative dimension 0 (-3)");
        AssertFileFault<InvalidDataException>(Patched(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(32), -1)), 32, "negative ndim (-1)");
        AssertFileFault<InvalidDataException>(Patched(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(32), 1000)), 32, "ndim 1000");
        AssertFileFault<InvalidDataException>(Patched(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(36), 1L << 31)), 36, "2147483648", "2^31-1");
        AssertFileFault<InvalidDataException>(Patched(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(36), long.MinValue)), 36, "negative dimension");

        // Two dims whose product overflows: the error points at the second dim.
        var f = new FileBuilder(count: 1);
        f.U32(0xF993FAC9).I32(0).I32(2).I64(65536).I64(65536).Ctx(1, 0).I32(0);
        AssertFileFault<InvalidDataException>(f.ToArray(), 44, "more than 2^31-1 elements");
        // v0 dims are uint32: 0xFFFFFFFF is too large rather than negative.
        var v0 = new FileBuilder(count: 1);
        v0.U32(1).U32(0xFFFFFFFF).Ctx(1, 0).I32(0);
        AssertFileFault<InvalidDataException>(v0.ToArray(), 28, "4294967295");
        // A dim of -1 is "unknown" only in V3, where it marks a none array.
        var v3 = new FileBuilder(count: 1);
        v3.U32(0xF993FACA).I32(0).I32(1).I64(-1);
        AssertFileFault<NotSupportedException>(v3.ToArray(), 32, "unknown dimension", "none");
    }

    [Fact]
    public void NoneArraysAndBadRecordMagic()
    {
        // V2 with ndim 0 is a "none" array (spec §1.4): no data follows, Gluon has no such array.
        var v2 = new FileBuilder(count: 1);
        v2.U32(0xF993FAC9).I32(0).I32(0).U64(0);
        AssertFileFault<NotSupportedException>(v2.ToArray(), 24, "array 0 (V2 record) is a 'none' array");
        // A garbage record header that is neither a magic nor a plausible v0 ndim.
        AssertFileFault<InvalidDataException>(Patched(b => b[27] = 0x12), 24, "0x1293FAC9", "neither a V1/V2/V3 record magic");
    }

    [Fact]
    public void TrailingGarbage()
    {
        AssertFileFault<InvalidDataException>([.. s_worked, 1, 2, 3], 81, "trailing data after the name list");
        string path = TempPath("t.params");
        File.WriteAllBytes(path, [.. s_worked, 0]);
        Check.Throws<InvalidDataException>(() => NDArrayFile.Load(path), "1 bytes of trailing data", "byte offset 81");
    }

    [Fact]
    public void NameCountMismatchAndBadNames()
    {
        AssertFileFault<InvalidDataException>(Patched(b => b[64] = 2), 64, "1 arrays but 2 names", "0 names or exactly 1");
        AssertFileFault<InvalidDataException>(Patched(b => b[80] = 0xff), 80, "name 0 is not valid UTF-8");
        AssertFileFault<InvalidDataException>(Patched(b => b[79] = 0x7f), 80, "name 0", "9151314442816847873 bytes");
        AssertFileFault<InvalidDataException>(Patched(b => b[72] = 5), 80, "truncated", "expected 5 bytes of name 0", "ends at offset 81");
        AssertFileFault<InvalidDataException>(Patched(b => b[23] = 0x40), 16, "array count");
        // Duplicate names cannot make a dict.
        var dup = new FileBuilder(count: 2);
        dup.U32(0xF993FAC9).I32(0).I32(1).I64(1).Ctx(1, 0).I32(0).F32(1);
        dup.U32(0xF993FAC9).I32(0).I32(1).I64(1).Ctx(1, 0).I32(0).F32(2);
        dup.Names("w", "w");
        Check.Throws<InvalidDataException>(() => NDArrayFile.LoadDict(new MemoryStream(dup.ToArray())), "'w' appears more than once");
        Assert.Equal(2, NDArrayFile.Load(new MemoryStream(dup.ToArray())).Count);
    }

    // ---- save failures ------------------------------------------------------------------------

    [Fact]
    public void FailedSaveLeavesThePreviousFileIntact()
    {
        string path = TempPath();
        Nd.Save(path, new Dictionary<string, NDArray> { ["w"] = Nd.Array(new float[] { 1, 2 }) });
        Assert.Equal(s_worked, File.ReadAllBytes(path));

        // Fails while writing: the second array's data can no longer be read.
        var big = Nd.Ones(1000);
        var gone = Nd.Ones(3);
        gone.Dispose();
        Assert.Throws<ObjectDisposedException>(() =>
            Nd.Save(path, new Dictionary<string, NDArray> { ["big"] = big, ["gone"] = gone }));
        Assert.Equal(s_worked, File.ReadAllBytes(path));
        Assert.Throws<ObjectDisposedException>(() => Nd.Save(path, new[] { big, gone }));
        Assert.Equal(s_worked, File.ReadAllBytes(path));

        // Fails before writing: a null array is named.
        Check.Throws<ArgumentException>(() => Nd.Save(path, new NDArray[] { big, null! }), "array 1 is null");
        Assert.Equal(s_worked, File.ReadAllBytes(path));

        // Fails before writing: a dtype MXNet's serializer cannot size (int16, flag 8; no Gluon op makes one).
        var int16 = new NDArray(Nd.Zeros(2).Storage, 0, new Shape(2), (DType)8, addRef: true);
        Check.Throws<NotSupportedException>(() => Nd.Save(path, new Dictionary<string, NDArray> { ["w"] = big, ["h"] = int16 }),
            "array 'h'", "dtype flag 8 (int16)", "cannot store");
        Check.Throws<NotSupportedException>(() => NDArrayFile.Save(new MemoryStream(), new[] { int16 }), "array 0", "int16");
        Assert.Equal(s_worked, File.ReadAllBytes(path));

        // No temporary file is left behind.
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
        Assert.Equal(new float[] { 1, 2 }, NDArrayFile.LoadDict(path)["w"].ToArray<float>());
    }

    [Fact]
    public void SaveReplacesAnExistingFile()
    {
        string path = TempPath();
        File.WriteAllText(path, "old contents that are longer than the new file will be, by quite a margin......................");
        Nd.Save(path, new Dictionary<string, NDArray> { ["w"] = Nd.Array(new float[] { 1, 2 }) });
        Assert.Equal(s_worked, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /// <summary>A file of shared/external/mxnet-models (see <see cref="MxnetSamples"/>).</summary>
    private static string Sample(string relative) => MxnetSamples.Path(relative);

    /// <summary>Builds NDArray-list bytes by hand, field by field (little-endian).</summary>
    private sealed class FileBuilder
    {
        private readonly MemoryStream _ms = new();

        public FileBuilder(ulong count) => U64(0x112).U64(0).U64(count);

        public FileBuilder U16(ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); _ms.Write(b); return this; }
        public FileBuilder U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); _ms.Write(b); return this; }
        public FileBuilder I32(int v) => U32((uint)v);
        public FileBuilder U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); _ms.Write(b); return this; }
        public FileBuilder I64(long v) => U64((ulong)v);
        public FileBuilder F32(float v) => U32(BitConverter.SingleToUInt32Bits(v));
        public FileBuilder F64(double v) => U64(BitConverter.DoubleToUInt64Bits(v));
        public FileBuilder Ctx(int devType, int devId) => I32(devType).I32(devId);

        public FileBuilder Names(params string[] names)
        {
            U64((ulong)names.Length);
            foreach (string n in names)
            {
                var b = Encoding.UTF8.GetBytes(n);
                U64((ulong)b.Length);
                _ms.Write(b);
            }
            return this;
        }

        public byte[] ToArray() => _ms.ToArray();
    }

    /// <summary>A read-only stream that cannot seek and returns at most 3 bytes per read (network-like).</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private int _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, 3), data.Length - _pos);
            data.AsSpan(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
