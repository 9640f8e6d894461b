namespace Gluon.Initializers;

/// <summary>
/// The bilinear upsampling kernel for deconvolution weights (MXNet's <c>mx.init.Bilinear()</c>).
/// For a 4-D weight (…, …, H, W) with f = ⌈W/2⌉ and c = (2f − 1 − (f mod 2))/(2f), the element
/// at row y, column x of every (·, ·) slice is (1 − |x/f − c|)·(1 − |y/f − c|).
/// </summary>
public sealed class Bilinear : Initializer
{
    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The array is not 4-D.</exception>
    protected internal override void InitWeight(InitDesc desc, NDArray arr) => FillKernel(desc, arr);

    /// <summary>Writes the bilinear kernel into <paramref name="arr"/> (shared with the legacy <c>upsampling*</c> rule).</summary>
    internal static void FillKernel(InitDesc desc, NDArray arr)
    {
        var shape = arr.Shape;
        if (shape.Rank != 4)
            throw new ArgumentException($"Bilinear initializer for '{desc.Name}': needs a 4-D weight (num_filter, channels, kh, kw), got shape {shape}");
        int h = shape[2], w = shape[3];
        // MXNet derives f and c from the width only and uses them for both axes.
        double f = Math.Ceiling(w / 2.0);
        double c = (2 * f - 1 - f % 2) / (2.0 * f);
        var weight = new float[shape.Size];
        for (int i = 0; i < weight.Length; i++)
        {
            int x = i % w;
            int y = i / w % h;
            weight[i] = (float)((1 - Math.Abs(x / f - c)) * (1 - Math.Abs(y / f - c)));
        }
        Assign(arr, Nd.Array<float>(weight, shape));
    }
}
