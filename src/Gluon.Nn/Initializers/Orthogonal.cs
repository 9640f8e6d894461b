namespace Gluon.Initializers;

/// <summary>
/// Orthogonal initialization (MXNet's <c>mx.init.Orthogonal(scale=1.414, rand_type='uniform')</c>,
/// Saxe et al. 2013). For a weight of shape (out, rest...) with in = ∏rest: draws a random
/// out × in matrix A (U(−1, 1) or N(0, 1)), takes its thin SVD A = U·Σ·Vᵀ and keeps the factor
/// of A's shape — U when in ≤ out (then WᵀW = scale²·I), else Vᵀ (then W·Wᵀ = scale²·I) — times
/// <see cref="Scale"/>, reshaped to the weight's shape.
/// </summary>
public sealed class Orthogonal : Initializer
{
    /// <summary>The factor applied to the orthonormal matrix.</summary>
    public double Scale { get; }

    /// <summary><c>"uniform"</c> or <c>"normal"</c>: the distribution of the random matrix.</summary>
    public string RandType { get; }

    /// <summary>Orthogonal initialization scaled by <paramref name="scale"/>.</summary>
    /// <exception cref="ArgumentException">An unknown <paramref name="randType"/>.</exception>
    public Orthogonal(double scale = 1.414, string randType = "uniform")
    {
        if (randType is not ("uniform" or "normal"))
            throw new ArgumentException($"Orthogonal: unknown rand_type='{randType}' (expected 'uniform' or 'normal')", nameof(randType));
        Scale = scale;
        RandType = randType;
        Kwargs["scale"] = scale;
        Kwargs["rand_type"] = randType;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The array is a scalar (0-d).</exception>
    protected internal override void InitWeight(InitDesc desc, NDArray arr)
    {
        var shape = arr.Shape;
        if (shape.Rank == 0)
            throw new ArgumentException($"Orthogonal initializer for '{desc.Name}': needs at least 1 dim, got a scalar");
        if (shape.Size == 0) return;
        int nout = shape[0], nin = shape.Size / nout;
        var draw = RandType == "uniform"
            ? Nd.Random.Uniform(-1.0, 1.0, new Shape(nout, nin))
            : Nd.Random.Normal(0.0, 1.0, new Shape(nout, nin));
        var a = draw.ToArray<double>();
        double[] res;
        if (nin <= nout)
        {
            res = ThinSvd.LeftSingularVectors(a, nout, nin);
        }
        else
        {
            // Vᵀ of A is Uᵀ of Aᵀ, so one routine for tall matrices serves both cases.
            var at = new double[a.Length];
            for (int i = 0; i < nout; i++)
                for (int j = 0; j < nin; j++)
                    at[j * nout + i] = a[i * nin + j];
            var u = ThinSvd.LeftSingularVectors(at, nin, nout);
            res = new double[a.Length];
            for (int j = 0; j < nin; j++)
                for (int i = 0; i < nout; i++)
                    res[i * nin + j] = u[j * nout + i];
        }
        for (int i = 0; i < res.Length; i++) res[i] *= Scale;
        Assign(arr, Nd.Array<double>(res, shape));
    }
}
