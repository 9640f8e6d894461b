using Gluon.Initializers;

namespace Gluon;

/// <summary>
/// A parameter that holds a fixed value and never takes gradients (MXNet's
/// <c>gluon.Constant</c>): grad_req is always null, so autograd and the Trainer ignore it;
/// <see cref="Parameter.SetData"/> still works.
/// </summary>
public sealed class Constant : Parameter
{
    /// <summary>A constant named <paramref name="name"/> initialized to a copy of <paramref name="value"/>.</summary>
    public Constant(string name, NDArray value)
        : base(name, GradReq.Null, (value ?? throw new ArgumentNullException(nameof(value))).Shape, value.DType,
               init: new CopyInit(Nd.Copy(value)))
    {
        Value = value;
    }

    /// <summary>The value given at construction.</summary>
    public NDArray Value { get; }

    /// <summary>Always null; assigning another value warns and is ignored.</summary>
    public override GradReq GradReq
    {
        get => GradReq.Null;
        set
        {
            if (value != GradReq.Null)
                Warnings.Emit($"Constant parameter \"{Name}\" does not support grad_req other than \"null\", and new value \"{value}\" is ignored.");
        }
    }

    /// <summary>The private initializer that copies the value (MXNet registers it as <c>Constant_{name}_{id}</c>).</summary>
    private sealed class CopyInit(NDArray value) : Initializer
    {
        protected internal override void InitWeight(InitDesc desc, NDArray arr) => Assign(arr, value);
    }
}
