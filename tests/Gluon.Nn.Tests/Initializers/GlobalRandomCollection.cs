namespace Gluon.Tests.Initialization;

/// <summary>
/// Tests that seed <c>Nd.Random</c> and compare two seeded draws: the generator is process-wide,
/// so a test class running in parallel could draw in between; likewise the static
/// <c>Initializer.Logged</c> event. This collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomCollection
{
    public const string Name = "Global random generator";
}
