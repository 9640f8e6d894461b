namespace Gluon.Tests.Data;

/// <summary>
/// Tests that seed <c>Nd.Random</c> and then expect a given sequence from the process-wide
/// generator: they run alone, after the parallel tests, so no other test draws in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomCollection
{
    public const string Name = "GlobalRandom";
}
