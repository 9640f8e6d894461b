using Gluon.Cpu.Kernels;

namespace Gluon.Tests.Ops;

/// <summary>Tests that assert the contents of the process-wide <see cref="WeightCache"/>: run with no other test class in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WeightCacheCollection
{
    public const string Name = "Weight cache";
}
