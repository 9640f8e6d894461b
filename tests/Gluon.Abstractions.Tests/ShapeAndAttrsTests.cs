using Gluon.Ops;

namespace Gluon.Tests;

public class ShapeAndAttrsTests
{
    [Fact]
    public void ShapeBasics()
    {
        var s = new Shape(2, 3, 4);
        Assert.Equal(3, s.Rank);
        Assert.Equal(24, s.Size);
        Assert.Equal(4, s[-1]);
        Assert.Equal(new[] { 12, 4, 1 }, s.Strides());
        Assert.Equal("(2, 3, 4)", s.ToString());
        Assert.Equal("(5,)", new Shape(5).ToString());
        Assert.Equal("()", Shape.Scalar.ToString());
        Assert.Equal(new Shape(2, 3, 4), s);
        Assert.NotEqual(new Shape(2, 3), s);
        Check.Throws<ArgumentOutOfRangeException>(() => s.NormalizeAxis(3, "myop"), "myop", "axis 3", "(2, 3, 4)");
        Check.Throws<ArgumentException>(() => new Shape(2, -1), "negative");
    }

    [Theory]
    [InlineData("float32", DType.Float32)]
    [InlineData("float64", DType.Float64)]
    [InlineData("float16", DType.Float16)]
    [InlineData("bfloat16", DType.BFloat16)]
    [InlineData("uint8", DType.UInt8)]
    [InlineData("int8", DType.Int8)]
    [InlineData("int32", DType.Int32)]
    [InlineData("int64", DType.Int64)]
    [InlineData("bool", DType.Bool)]
    [InlineData("0", DType.Float32)]
    [InlineData("12", DType.BFloat16)]
    [InlineData("<class 'numpy.float32'>", DType.Float32)]
    public void DTypeNamesAndFlags(string name, DType t)
    {
        Assert.Equal(t, DTypeInfo.Parse(name));
        Assert.Equal(t, DTypeInfo.Parse(t.Name()));
    }

    [Fact]
    public void DTypeFlagsAreMXNets()
    {
        Assert.Equal(0, (int)DType.Float32);
        Assert.Equal(1, (int)DType.Float64);
        Assert.Equal(2, (int)DType.Float16);
        Assert.Equal(3, (int)DType.UInt8);
        Assert.Equal(4, (int)DType.Int32);
        Assert.Equal(5, (int)DType.Int8);
        Assert.Equal(6, (int)DType.Int64);
        Assert.Equal(7, (int)DType.Bool);
        Assert.Equal(12, (int)DType.BFloat16);
        Check.Throws<ArgumentException>(() => DTypeInfo.Parse("complex64"), "complex64");
        Check.Throws<ArgumentException>(() => DTypeInfo.Parse("9"), "9");
    }

    [Fact]
    public void AttrsParseBothSpellings()
    {
        var a = new OpAttrs();
        a.Set("kernel", "(3, 3)");
        a.Set("stride", "[2,2]");
        a.Set("one", "(1,)");
        a.Set("empty", "()");
        a.Set("flag", "True");
        a.Set("flag2", "0");
        a.Set("eps", "1e-05");
        a.Set("none", "None");
        a.Set("dtype", "'float16'");
        Assert.Equal(new[] { 3, 3 }, a.GetTuple("kernel", null));
        Assert.Equal(new[] { 2, 2 }, a.GetTuple("stride", null));
        Assert.Equal(new[] { 1 }, a.GetTuple("one", null));
        Assert.Empty(a.GetTuple("empty", null)!);
        Assert.True(a.GetBool("flag", false));
        Assert.False(a.GetBool("flag2", true));
        Assert.Equal(1e-5, a.GetDouble("eps", 0));
        Assert.Null(a.GetIntOrNull("none"));
        Assert.Equal(7, a.GetInt("none", 7));
        Assert.Equal(DType.Float16, a.GetDType("dtype", DType.Float32));
        Check.Throws<ArgumentException>(() => a.GetInt("Convolution", "num_filter"), "Convolution", "num_filter");
        a.Set("bad", "abc");
        Check.Throws<ArgumentException>(() => a.GetInt("bad", 0), "bad", "abc");
    }

    [Fact]
    public void AttrsFormatAsPython()
    {
        Assert.Equal("True", OpAttrs.Format(true));
        Assert.Equal("(3, 3)", OpAttrs.Format(new[] { 3, 3 }));
        Assert.Equal("(1,)", OpAttrs.Format(new[] { 1 }));
        Assert.Equal("()", OpAttrs.Format(System.Array.Empty<int>()));
        Assert.Equal("1e-05", OpAttrs.Format(1e-5));
        Assert.Equal("0.9", OpAttrs.Format(0.9));
        Assert.Equal("1.0", OpAttrs.Format(1.0));
        Assert.Equal("0.0001", OpAttrs.Format(1e-4));
        Assert.Equal("float32", OpAttrs.Format(DType.Float32));
        Assert.Equal("(None, 2)", OpAttrs.Format(new int?[] { null, 2 }));
    }

    [Fact]
    public void RegistryFindsOpsByNameAndAlias()
    {
        Assert.Same(OpRegistry.Get("elemwise_add"), OpRegistry.Get("_plus"));
        Assert.Same(OpRegistry.Get("Cast"), OpRegistry.Get("cast"));
        Check.Throws<KeyNotFoundException>(() => OpRegistry.Get("no_such_op"), "no_such_op");
    }

    [Fact]
    public void DispatcherChecksArity()
    {
        Check.Throws<ArgumentException>(() => Imperative.Invoke1("exp", null, Nd.Zeros(1), Nd.Zeros(1)), "exp", "expects 1 input");
    }
}
