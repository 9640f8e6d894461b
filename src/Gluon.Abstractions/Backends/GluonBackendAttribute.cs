namespace Gluon.Backends;

/// <summary>Marks the backend type an assembly provides; read by <see cref="BackendRegistry"/>.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class GluonBackendAttribute(Type backendType) : Attribute
{
    /// <summary>A <see cref="Backend"/> subclass with a public parameterless constructor.</summary>
    public Type BackendType { get; } = backendType;
}
