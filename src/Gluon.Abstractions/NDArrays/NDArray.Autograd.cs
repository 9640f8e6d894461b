namespace Gluon;

public sealed partial class NDArray
{
    /// <summary>This array's place on the autograd tape (null when not recorded or marked).</summary>
    internal TapeEntry? Entry;

    /// <summary>Set by backward when it wrote this variable's gradient (the Trainer reads it).</summary>
    public bool FreshGrad { get; set; }

    /// <summary>The gradient buffer attached by <see cref="AttachGrad"/>, or null.</summary>
    public NDArray? Grad => Entry is { Node.IsVariable: true } e && ReferenceEquals(e.Node.Variable, this) ? e.Node.GradBuffer : null;

    /// <summary>The gradient request of this variable (<see cref="GradReq.Null"/> when not marked).</summary>
    public GradReq GradReq => Entry is { Node.IsVariable: true } e && ReferenceEquals(e.Node.Variable, this) ? e.Node.Req : GradReq.Null;

    /// <summary>Allocates a zeroed gradient buffer and marks this array as a variable (<c>attach_grad</c>).</summary>
    public void AttachGrad(GradReq gradReq = GradReq.Write)
    {
        var g = Nd.ZerosLike(this);
        Autograd.MarkVariables([this], [g], gradReq);
    }

    /// <summary>Backpropagates from this array (<c>y.backward(out_grad, retain_graph, train_mode)</c>).</summary>
    public void Backward(NDArray? outGrad = null, bool retainGraph = false, bool trainMode = true) =>
        Autograd.Backward([this], [outGrad], retainGraph, trainMode);
}
