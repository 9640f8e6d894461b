namespace Gluon;

/// <summary>Element types, numbered by MXNet's type flag (mshadow <c>TypeFlag</c>; see formats §1.7).</summary>
public enum DType
{
    /// <summary>32-bit IEEE float (flag 0).</summary>
    Float32 = 0,
    /// <summary>64-bit IEEE float (flag 1).</summary>
    Float64 = 1,
    /// <summary>16-bit IEEE float (flag 2).</summary>
    Float16 = 2,
    /// <summary>Unsigned byte (flag 3).</summary>
    UInt8 = 3,
    /// <summary>32-bit integer (flag 4).</summary>
    Int32 = 4,
    /// <summary>Signed byte (flag 5).</summary>
    Int8 = 5,
    /// <summary>64-bit integer (flag 6).</summary>
    Int64 = 6,
    /// <summary>Boolean stored as one byte (flag 7).</summary>
    Bool = 7,
    /// <summary>Brain float: the upper 16 bits of a float32 (flag 12).</summary>
    BFloat16 = 12,
}
