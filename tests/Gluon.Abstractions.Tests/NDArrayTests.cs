using Gluon.Cpu;

namespace Gluon.Tests;

public class NDArrayTests
{
    [Fact]
    public void ArrayFromAnyRankKeepsShapeAndValues()
    {
        var a = Nd.Array(new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } });
        Assert.Equal(new Shape(2, 2, 2), a.Shape);
        Assert.Equal(DType.Float32, a.DType);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, a.ToArray<float>());
        var i = Nd.Array(new int[,] { { 1, 2, 3 } });
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(new Shape(1, 3), i.Shape);
        var b = Nd.Array(new bool[] { true, false });
        Assert.Equal(DType.Bool, b.DType);
        Assert.Equal(new[] { 1.0, 0.0 }, b.ToArray<double>());
        var d = Nd.Array<double>([1, 2, 3, 4, 5, 6], new Shape(3, 2));
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(6.0, d.ToArray<double>()[5]);
        Check.Throws<ArgumentException>(() => Nd.Array<float>([1, 2, 3], new Shape(2, 2)), "3 values", "(2, 2)");
    }

    [Fact]
    public void CreationFunctions()
    {
        Assert.All(Nd.Zeros(3, 4).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(Nd.Ones(new Shape(5), DType.Int64).ToArray<long>(), v => Assert.Equal(1L, v));
        Assert.All(Nd.Full(new Shape(2, 2), 7.5).ToArray<float>(), v => Assert.Equal(7.5f, v));
        Assert.Equal(new float[] { 0, 1, 2, 3, 4 }, Nd.Arange(5).ToArray<float>());
        Assert.Equal(new float[] { 2, 2, 4, 4 }, Nd.Arange(2, 6, 2, repeat: 2).ToArray<float>());
        Assert.Equal(new int[] { 3, 2, 1 }, Nd.Arange(3, 0, -1, dtype: DType.Int32).ToArray<int>());
        Assert.Equal(new float[] { 0, 1, 0, 0, 0, 1 }, Nd.Eye(2, 3, 1).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 0, 1 }, Nd.Eye(2).ToArray<float>());
        var x = Nd.Ones(new Shape(2, 3), DType.Float64);
        var z = Nd.ZerosLike(x);
        Assert.Equal(x.Shape, z.Shape);
        Assert.Equal(DType.Float64, z.DType);
        Assert.Equal(new Shape(0, 3), Nd.Zeros(0, 3).Shape);
        Assert.Empty(Nd.Zeros(0, 3).ToArray<float>());
        Assert.Equal(Shape.Scalar, Nd.Zeros(Shape.Scalar).Shape);
        Assert.Equal(1, Nd.Zeros(Shape.Scalar).Size);
    }

    [Fact]
    public void AsScalarNeedsOneElement()
    {
        Assert.Equal(3f, Nd.Full(new Shape(1, 1), 3).AsScalar<float>());
        Check.Throws<InvalidOperationException>(() => Nd.Zeros(2).AsScalar<float>(), "AsScalar", "(2,)");
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    [InlineData(DType.UInt8)]
    [InlineData(DType.Int8)]
    [InlineData(DType.Int32)]
    [InlineData(DType.Int64)]
    [InlineData(DType.Bool)]
    public void CastRoundTripsRepresentableValues(DType t)
    {
        double[] v = t switch
        {
            DType.Bool => [0, 1, 1, 0],
            DType.UInt8 => [0, 1, 200, 255],
            DType.Int8 => [-128, -1, 0, 127],
            _ => [-3, 0, 1.5 * (t.IsFloat() ? 1 : 0) + 2, 100],
        };
        var x = Nd.Array<double>(v);
        var y = x.AsType(t);
        Assert.Equal(t, y.DType);
        Check.Close(y.AsType(DType.Float64), v);
        Assert.Equal(v, y.ToArray<double>());
    }

    [Fact]
    public void CastTruncatesTowardZeroAndConvertsToBool()
    {
        var x = Nd.Array(new float[] { -1.7f, -0.2f, 0, 0.5f, 2.9f });
        Assert.Equal(new[] { -1, 0, 0, 0, 2 }, x.AsType(DType.Int32).ToArray<int>());
        Assert.Equal(new[] { true, true, false, true, true }, x.AsType(DType.Bool).ToArray<bool>());
        Assert.Equal(3.140625f, (float)Nd.Array(new float[] { 3.14159f }).AsType(DType.BFloat16).ToArray<BFloat16>()[0]);
        Assert.Equal(long.MaxValue - 1, Nd.Array(new long[] { long.MaxValue - 1 }).AsType(DType.Int64).ToArray<long>()[0]);
    }

    [Fact]
    public void ArithmeticOnIntegerAndHalfDtypesUsesFallback()
    {
        var a = Nd.Array(new int[] { 1, 2, 3 });
        var b = Nd.Array(new int[] { 10, 20, 30 });
        var c = a + b;
        Assert.Equal(DType.Int32, c.DType);
        Assert.Equal(new[] { 11, 22, 33 }, c.ToArray<int>());
        var h = Nd.Array(new float[] { 1, 4 }).AsType(DType.Float16);
        var r = Nd.Sqrt(h);
        Assert.Equal(DType.Float16, r.DType);
        Assert.Equal(new[] { 1f, 2f }, r.ToArray<float>());
        Assert.Equal(new long[] { 6 }, Nd.Sum(Nd.Array(new long[] { 1, 2, 3 })).ToArray<long>().Take(1));
    }

    [Fact]
    public void CopyToAndAsInContext()
    {
        var x = Nd.Array(new float[] { 1, 2, 3 });
        var y = x.CopyTo(Context.Cpu(1));
        Assert.Equal(Context.Cpu(1), y.Context);
        Assert.Equal(x.ToArray<float>(), y.ToArray<float>());
        Assert.Same(x, x.AsInContext(Context.Cpu(0)));
        Assert.NotSame(x, x.AsInContext(Context.Cpu(1)));
        var z = Nd.Zeros(new Shape(3), DType.Float64);
        x.CopyTo(z);
        Assert.Equal(new double[] { 1, 2, 3 }, z.ToArray<double>());
        Check.Throws<ArgumentException>(() => x.CopyTo(Nd.Zeros(4)), "copyto", "(3,)", "(4,)");
        Check.Throws<ArgumentException>(() => _ = x + y, "broadcast_add", "cpu(1)", "cpu(0)");
    }

    [Fact]
    public void ContextScopeSetsDefaultPlacement()
    {
        using (Context.Cpu(3).Use())
        {
            Assert.Equal(Context.Cpu(3), Context.Current);
            Assert.Equal(Context.Cpu(3), Nd.Zeros(2).Context);
        }
        Assert.Equal(Context.Cpu(0), Context.Current);
        Assert.Equal("cpu(0)", Context.Cpu().ToString());
        Assert.Equal("gpu(1)", Context.Gpu(1).ToString());
    }

    [Fact]
    public void ReshapeToIsAViewSharingStorage()
    {
        var x = Nd.Arange(6);
        var v = x.ReshapeTo(2, 3);
        Assert.True(v.SharesStorageWith(x));
        v.Span<float>()[4] = 42;
        Assert.Equal(42f, x.ToArray<float>()[4]);
        Check.Throws<ArgumentException>(() => x.ReshapeTo(4, 2), "_reshape_to", "(6,)", "(4, 2)");
    }

    [Fact]
    public void DisposeFreesAndForbidsUse()
    {
        var x = Nd.Ones(3);
        x.Dispose();
        x.Dispose(); // idempotent
        Assert.True(x.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => x.ToArray<float>());
        Assert.Throws<ObjectDisposedException>(() => _ = x + 1);
    }

    [Fact]
    public void ViewKeepsStorageAliveAfterBaseIsDisposed()
    {
        var x = Nd.Arange(4);
        var v = x.ReshapeTo(2, 2);
        var storage = v.Storage;
        x.Dispose();
        Assert.False(storage.IsReleased);
        Assert.Equal(new float[] { 0, 1, 2, 3 }, v.ToArray<float>());
        v.Dispose();
        Assert.True(storage.IsReleased);
    }

    [Fact]
    public void ScopeDisposesTemporariesButKeepsMarkedArrays()
    {
        NDArray kept, temp;
        using (var scope = NDArrayScope.Begin())
        {
            temp = Nd.Ones(4) * 2.0;
            kept = scope.Keep(temp + 1.0);
        }
        Assert.True(temp.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Equal(new float[] { 3, 3, 3, 3 }, kept.ToArray<float>());
    }

    [Fact]
    public void ToStringShowsValuesAndTag()
    {
        var s = Nd.Array(new float[,] { { 1, 2 }, { 3, 4 } }).ToString();
        Assert.Contains("[[1 2]\n [3 4]]", s);
        Assert.Contains("<NDArray 2x2 @cpu(0)>", s);
    }
}

/// <summary>Tests that read the pool's global counters; they must not run beside other tests.</summary>
[CollectionDefinition("memory pool", DisableParallelization = true)]
public class MemoryPoolCollection;

[Collection("memory pool")]
public class MemoryPoolTests
{
    [Fact]
    public void LongLoopWithoutDisposeKeepsMemoryFlat()
    {
        var pool = (CpuBackend)Gluon.Backends.BackendRegistry.Get(Context.Cpu());
        var x = Nd.Ones(256, 1024); // 1 MiB
        long peak = 0;
        for (int i = 0; i < 400; i++)
        {
            var y = Nd.Exp(x) * 2.0 + 1.0; // three 1 MiB temporaries per iteration, never disposed
            if (i % 50 == 49)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                peak = Math.Max(peak, pool.Pool.LiveBytes);
            }
            GC.KeepAlive(y);
        }
        // 400 iterations allocate 1.2 GiB in total; what stays live after collections is a few MiB.
        Assert.True(peak < 64L << 20, $"live pool bytes reached {peak}");
    }

    [Fact]
    public void PoolReusesFreedBlocksAndTrimReleasesThem()
    {
        var pool = ((CpuBackend)Gluon.Backends.BackendRegistry.Get(Context.Cpu())).Pool;
        var a = Nd.Zeros(1 << 20);
        var storage = a.Storage;
        a.Dispose();
        Assert.True(storage.IsReleased);
        Assert.True(pool.CachedBytes >= 4L << 20);
        var b = Nd.Zeros(1 << 20);
        Assert.Equal(storage.Pointer, b.Storage.Pointer); // same size class: the freed block is reused
        b.Dispose();
        pool.Trim();
        Assert.Equal(0, pool.CachedBytes);
    }
}
