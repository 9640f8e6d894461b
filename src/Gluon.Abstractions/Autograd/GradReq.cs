namespace Gluon;

/// <summary>How backward treats a variable's gradient buffer; values are MXNet's request codes.</summary>
public enum GradReq
{
    /// <summary>No gradient is computed or stored.</summary>
    Null = 0,
    /// <summary>Each backward overwrites the buffer.</summary>
    Write = 1,
    /// <summary>Each backward adds into the buffer (the user clears it).</summary>
    Add = 3,
}
