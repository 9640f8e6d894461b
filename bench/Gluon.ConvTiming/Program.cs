using Gluon.ConvTiming;

// dotnet run -c Release --project bench/Gluon.ConvTiming -- [name filter...] [--samples N]
// Median milliseconds per call of the forward and backward kernels of the conv, pooling,
// BatchNorm and FullyConnected layers of LeNet, an MLP, ResNet-18 and MobileNet, and the
// bytes allocated per call after warm-up (all threads).
int samples = 15;
var filters = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--samples") samples = int.Parse(args[++i]);
    else filters.Add(args[i]);
}
LayerTimings.Run(filters, samples);
