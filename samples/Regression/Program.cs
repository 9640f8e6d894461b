// Fits a linear model y = X·w + b to noisy synthetic data with NDArray and autograd alone
// (the "linear regression from scratch" example of the MXNet/d2l tutorials), then reports the
// recovered parameters. Run: dotnet run -c Release --project samples/Regression
using System.Diagnostics;
using Gluon;

const int numExamples = 10_000, numInputs = 8, batchSize = 256, epochs = 5;
const double learningRate = 0.1;

Nd.Random.Seed(0);
var trueW = Nd.Array(new float[] { 2, -3.4f, 1.7f, 0.5f, -1, 4.2f, 0, 3 });
const float trueB = 4.2f;

var x = Nd.Random.Normal(0, 1, new Shape(numExamples, numInputs));
var y = Nd.Sum(x * trueW, 1) + trueB + Nd.Random.Normal(0, 0.01, new Shape(numExamples));

var w = Nd.Random.Normal(0, 0.01, new Shape(numInputs));
var b = Nd.Zeros(1);
w.AttachGrad();
b.AttachGrad();

NDArray Net(NDArray xb) => Nd.Sum(xb * w, 1) + b;

var sw = Stopwatch.StartNew();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    for (int start = 0; start < numExamples; start += batchSize)
    {
        int end = Math.Min(numExamples, start + batchSize);
        var xb = Nd.SliceAxis(x, 0, start, end);
        var yb = Nd.SliceAxis(y, 0, start, end);
        NDArray loss;
        using (Autograd.Record())
        {
            var d = Net(xb) - yb;
            loss = Nd.Sum(d * d) / (2.0 * (end - start));
        }
        loss.Backward();
        // Plain SGD on the raw arrays, outside the recorded graph.
        (w - w.Grad! * learningRate).CopyTo(w);
        (b - b.Grad! * learningRate).CopyTo(b);
    }
    var full = Net(x) - y;
    double mse = Nd.Sum(full * full).AsScalar<float>() / numExamples;
    Console.WriteLine($"epoch {epoch}: mse {mse:F6}");
}
Console.WriteLine($"trained in {sw.Elapsed.TotalSeconds:F2} s");
Console.WriteLine($"true w:    [{string.Join(", ", trueW.ToArray<float>().Select(v => v.ToString("F3")))}]  b: {trueB:F3}");
Console.WriteLine($"learned w: [{string.Join(", ", w.ToArray<float>().Select(v => v.ToString("F3")))}]  b: {b.AsScalar<float>():F3}");
double err = Nd.Sum(Nd.Abs(w - trueW)).AsScalar<float>() + Math.Abs(b.AsScalar<float>() - trueB);
Console.WriteLine(err < 0.05 ? "parameters recovered" : $"parameters NOT recovered (total abs error {err:F4})");
return err < 0.05 ? 0 : 1;
