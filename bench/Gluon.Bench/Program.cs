using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Gluon.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Gluon.Bench.ElementwiseBench).Assembly).Run(args);
