using Gluon.Ops;

namespace Gluon;

/// <summary>One recorded op call (or one marked variable) on the autograd tape.</summary>
internal sealed class TapeNode
{
    // Op node fields.
    public OpDef? Op;
    public object? Param;
    public NDArray[] Inputs = [];
    public NDArray[] Outputs = [];
    public TapeEntry?[] InputEntries = [];
    public Autograd.Function? Function;
    public bool Freed;

    // Variable node fields.
    public NDArray? Variable;
    public NDArray? GradBuffer;
    public GradReq Req;
    // How many recorded inputs of the graph being differentiated read this variable (set by each backward pass).
    public int Uses;
    // True while a backward pass may let a gradient function write this variable's gradient straight into GradBuffer.
    public bool DirectWrite;

    public bool IsVariable => Variable is not null;

    public void Free()
    {
        Freed = true;
        Inputs = [];
        Outputs = [];
        InputEntries = [];
        Function = null;
    }
}

/// <summary>Output <see cref="Index"/> of a tape node: what an array's autograd history points at.</summary>
internal sealed record TapeEntry(TapeNode Node, int Index);
