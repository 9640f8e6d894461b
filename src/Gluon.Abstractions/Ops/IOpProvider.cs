namespace Gluon.Ops;

/// <summary>
/// A class that defines a family of ops (all unary math ops, say) without one type each. The
/// registry finds implementers by reflection; they need a public parameterless constructor.
/// </summary>
public interface IOpProvider
{
    /// <summary>The ops this family defines.</summary>
    IEnumerable<OpDef> CreateOps();
}
