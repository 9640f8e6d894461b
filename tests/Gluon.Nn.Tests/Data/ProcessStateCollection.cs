namespace Gluon.Tests.Data;

/// <summary>
/// Tests that use process-wide state: they seed <c>Nd.Random</c> and then expect a given sequence
/// from the global generator, or set environment variables (MXNET_HOME, MXNET_GLUON_REPO). They
/// run alone, after the parallel tests, so no other test draws or reads in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "ProcessState";
}
