using System.Runtime.CompilerServices;

namespace Gluon;

/// <summary>
/// Brain floating point: the upper 16 bits of an IEEE float32. Conversion from float rounds to
/// nearest even and keeps NaN a NaN.
/// </summary>
public readonly struct BFloat16 : IEquatable<BFloat16>
{
    /// <summary>The raw 16 bits.</summary>
    public readonly ushort RawValue;

    private BFloat16(ushort raw) => RawValue = raw;

    /// <summary>Builds a value from its raw bits.</summary>
    public static BFloat16 FromRaw(ushort raw) => new(raw);

    /// <summary>Rounds a float to the nearest bfloat16 (ties to even).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static explicit operator BFloat16(float f)
    {
        uint bits = BitConverter.SingleToUInt32Bits(f);
        if (float.IsNaN(f)) return new BFloat16((ushort)((bits >> 16) | 0x40));
        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return new BFloat16((ushort)((bits + rounding) >> 16));
    }

    /// <summary>Widens to float exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static explicit operator float(BFloat16 b) => BitConverter.UInt32BitsToSingle((uint)b.RawValue << 16);

    /// <inheritdoc/>
    public bool Equals(BFloat16 other) => (float)this == (float)other;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BFloat16 b && Equals(b);
    /// <inheritdoc/>
    public override int GetHashCode() => RawValue;
    /// <inheritdoc/>
    public override string ToString() => ((float)this).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
