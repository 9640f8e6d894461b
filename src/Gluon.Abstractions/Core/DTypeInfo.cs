namespace Gluon;

/// <summary>Sizes, names and parsing of <see cref="DType"/> values.</summary>
public static class DTypeInfo
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(this DType t) => t switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        DType.Float16 or DType.BFloat16 => 2,
        DType.UInt8 or DType.Int8 or DType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown dtype"),
    };

    /// <summary>The numpy name MXNet prints and parses (<c>float32</c>, <c>int64</c>, <c>bfloat16</c>...).</summary>
    public static string Name(this DType t) => t switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Float16 => "float16",
        DType.UInt8 => "uint8",
        DType.Int32 => "int32",
        DType.Int8 => "int8",
        DType.Int64 => "int64",
        DType.Bool => "bool",
        DType.BFloat16 => "bfloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown dtype"),
    };

    /// <summary>True for float32, float64, float16 and bfloat16.</summary>
    public static bool IsFloat(this DType t) => t is DType.Float32 or DType.Float64 or DType.Float16 or DType.BFloat16;

    /// <summary>Parses a numpy dtype name (also <c>float</c>, <c>double</c>, <c>half</c>, <c>int</c>) or an MXNet type flag number.</summary>
    /// <exception cref="ArgumentException">The name is not a known dtype.</exception>
    public static DType Parse(string name)
    {
        string s = name.Trim().Trim('\'', '"');
        if (s.StartsWith("<class 'numpy.", StringComparison.Ordinal)) s = s[14..^2];
        if (s.StartsWith("numpy.", StringComparison.Ordinal)) s = s[6..];
        if (int.TryParse(s, out int flag))
        {
            if (Enum.IsDefined(typeof(DType), flag)) return (DType)flag;
            throw new ArgumentException($"dtype flag {flag} is not supported (known: 0-7 and 12)", nameof(name));
        }
        return s switch
        {
            "float32" or "float" or "f4" => DType.Float32,
            "float64" or "double" or "f8" => DType.Float64,
            "float16" or "half" or "f2" => DType.Float16,
            "uint8" or "u1" => DType.UInt8,
            "int32" or "int" or "i4" => DType.Int32,
            "int8" or "i1" => DType.Int8,
            "int64" or "long" or "i8" => DType.Int64,
            "bool" or "bool_" => DType.Bool,
            "bfloat16" => DType.BFloat16,
            _ => throw new ArgumentException($"unknown dtype '{name}'", nameof(name)),
        };
    }

    /// <summary>The dtype of a CLR element type (float, double, Half, BFloat16, byte, sbyte, int, long, bool).</summary>
    /// <exception cref="NotSupportedException">The type has no MXNet dtype.</exception>
    public static DType Of<T>() => Of(typeof(T));

    /// <summary>The dtype of a CLR element type.</summary>
    public static DType Of(Type t)
    {
        if (t == typeof(float)) return DType.Float32;
        if (t == typeof(double)) return DType.Float64;
        if (t == typeof(Half)) return DType.Float16;
        if (t == typeof(BFloat16)) return DType.BFloat16;
        if (t == typeof(byte)) return DType.UInt8;
        if (t == typeof(sbyte)) return DType.Int8;
        if (t == typeof(int)) return DType.Int32;
        if (t == typeof(long)) return DType.Int64;
        if (t == typeof(bool)) return DType.Bool;
        throw new NotSupportedException($"element type {t.Name} has no MXNet dtype");
    }

    /// <summary>The CLR element type of a dtype.</summary>
    public static Type ClrType(this DType t) => t switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Float16 => typeof(Half),
        DType.BFloat16 => typeof(BFloat16),
        DType.UInt8 => typeof(byte),
        DType.Int8 => typeof(sbyte),
        DType.Int32 => typeof(int),
        DType.Int64 => typeof(long),
        DType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown dtype"),
    };
}
