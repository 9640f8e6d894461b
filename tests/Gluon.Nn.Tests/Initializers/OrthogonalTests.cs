using Gluon.Initializers;

namespace Gluon.Tests.Initialization;

/// <summary>Orthogonal (inventory G-05) and the thin SVD it is built on.</summary>
[Collection(GlobalRandomCollection.Name)]
public class OrthogonalTests
{
    [Theory]
    [InlineData(new[] { 8, 20 }, "uniform", 1.414)]     // rows < cols: W·Wᵀ = scale²·I
    [InlineData(new[] { 20, 8 }, "normal", 0.5)]        // rows > cols: Wᵀ·W = scale²·I
    [InlineData(new[] { 16, 16 }, "uniform", 2.0)]      // square: both
    [InlineData(new[] { 6, 2, 3, 2 }, "normal", 1.0)]   // viewed as 6 × 12
    [InlineData(new[] { 48, 4, 3 }, "uniform", 1.414)]  // viewed as 48 × 12
    [InlineData(new[] { 64, 65 }, "normal", 1.0)]
    public void GivesScaledOrthonormalRowsOrColumns(int[] dims, string randType, double scale)
    {
        Nd.Random.Seed(21);
        var shape = new Shape(dims);
        var arr = Nd.Zeros(shape);
        new Orthogonal(scale, randType).Init("rnn_weight", arr);
        Assert.Equal(shape, arr.Shape);
        int rows = dims[0], cols = shape.Size / rows;
        var w = arr.ToArray<double>();
        double tol = 2e-6 * scale * scale * Math.Max(rows, cols);   // float32 storage
        if (rows <= cols)
            Check.Close(Stats.Identity(rows, scale * scale), Stats.MulTransposed(w, rows, w, rows, cols), 0, tol, "W·Wᵀ");
        if (rows >= cols)
        {
            var wt = Stats.Transpose(w, rows, cols);
            Check.Close(Stats.Identity(cols, scale * scale), Stats.MulTransposed(wt, cols, wt, cols, rows), 0, tol, "Wᵀ·W");
        }
    }

    [Fact]
    public void VectorBecomesAUnitVectorTimesScale()
    {
        Nd.Random.Seed(22);
        var arr = Nd.Zeros(7);
        new Orthogonal(3.0).Init("v_weight", arr);
        var v = arr.ToArray<double>();
        Assert.Equal(3.0, Math.Sqrt(v.Sum(x => x * x)), 5);
    }

    [Fact]
    public void ResultDependsOnTheSeed()
    {
        var a = Nd.Zeros(5, 9);
        var b = Nd.Zeros(5, 9);
        Nd.Random.Seed(1); new Orthogonal().Init("w_weight", a);
        Nd.Random.Seed(1); new Orthogonal().Init("w_weight", b);
        Check.Close(a, b, 0, 0);
        Nd.Random.Seed(2); new Orthogonal().Init("w_weight", b);
        Assert.NotEqual(a.ToArray<float>(), b.ToArray<float>());
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Check.Throws<ArgumentException>(() => new Orthogonal(randType: "gaussian"), "rand_type='gaussian'");
        Check.Throws<ArgumentException>(() => new Orthogonal().Init("s_weight", Nd.Zeros(Shape.Scalar)), "Orthogonal", "s_weight");
    }

    // U from the thin SVD: orthonormal columns spanning A's columns, and Uᵀ·A = Σ·Vᵀ has mutually
    // orthogonal rows with non-increasing norms; that pins U down up to signs.
    [Theory]
    [InlineData(9, 4, false)]
    [InlineData(30, 30, false)]
    [InlineData(50, 7, true)]
    [InlineData(3, 1, false)]
    [InlineData(200, 20, false)]
    [InlineData(40, 12, true)]
    public void ThinSvdLeftFactorIsTheSingularBasis(int m, int n, bool rankDeficient)
    {
        var a = Check.Rand(m * n, seed: m * 100 + n);
        if (rankDeficient)   // columns 3.. repeat columns 0..2, so the rank is 3
            for (int i = 0; i < m; i++)
                for (int j = 3; j < n; j++) a[i * n + j] = a[i * n + j % 3] * (j + 1);
        var u = ThinSvd.LeftSingularVectors(a, m, n);
        var ut = Stats.Transpose(u, m, n);
        Check.Close(Stats.Identity(n, 1), Stats.MulTransposed(ut, n, ut, n, m), 0, 1e-12, "UᵀU");

        var at = Stats.Transpose(a, m, n);
        var sigmaVt = Stats.MulTransposed(ut, n, at, n, m);   // n × n: Uᵀ·A
        int rank = rankDeficient ? 3 : n;
        var gram = Stats.MulTransposed(sigmaVt, n, sigmaVt, n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) Assert.True(Math.Abs(gram[i * n + j]) < 1e-10, $"rows {i},{j} of UᵀA not orthogonal: {gram[i * n + j]}");
        for (int i = 1; i < rank; i++) Assert.True(gram[i * n + i] <= gram[(i - 1) * n + i - 1] * (1 + 1e-12), "singular values not descending");
        for (int i = rank; i < n; i++) Assert.True(gram[i * n + i] < 1e-20, $"null direction {i} carries {gram[i * n + i]}");

        // A = U·(Uᵀ·A): U spans the column space.
        var recon = Stats.MulTransposed(u, m, Stats.Transpose(sigmaVt, n, n), n, n);
        Check.Close(a, recon, 0, 1e-12, "U·UᵀA");
    }
}
