using System.Runtime.InteropServices;
using System.Text;

namespace Gluon.Bench.Onnx;

/// <summary>
/// The few protobuf encodings an ONNX model needs: varints, length-delimited strings, bytes and
/// nested messages, packed int64 lists, and 32-bit floats. Field numbers are the caller's.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _s = new();

    private const int WireVarint = 0, WireLen = 2, Wire32 = 5;

    /// <summary>The encoded bytes.</summary>
    public byte[] ToArray() => _s.ToArray();

    /// <summary>An int64/int32/enum field.</summary>
    public ProtoWriter Int(int field, long value)
    {
        Tag(field, WireVarint);
        Varint((ulong)value);
        return this;
    }

    /// <summary>A float field.</summary>
    public ProtoWriter Float(int field, float value)
    {
        Tag(field, Wire32);
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value);
        _s.Write(b);
        return this;
    }

    /// <summary>A string field (UTF-8).</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLen);
        Varint((ulong)value.Length);
        _s.Write(value);
        return this;
    }

    /// <summary>Raw little-endian floats as a bytes field (TensorProto.raw_data).</summary>
    public ProtoWriter RawFloats(int field, ReadOnlySpan<float> values)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian");
        return Bytes(field, MemoryMarshal.AsBytes(values));
    }

    /// <summary>A packed repeated int64 field.</summary>
    public ProtoWriter PackedInts(int field, IEnumerable<long> values)
    {
        var inner = new ProtoWriter();
        foreach (var v in values) inner.Varint((ulong)v);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>A nested message written by <paramref name="body"/>.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> body)
    {
        var inner = new ProtoWriter();
        body(inner);
        return Bytes(field, inner.ToArray());
    }

    private void Tag(int field, int wire) => Varint((ulong)((field << 3) | wire));

    private void Varint(ulong v)
    {
        while (v >= 0x80)
        {
            _s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        _s.WriteByte((byte)v);
    }
}
