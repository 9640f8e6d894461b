using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Gluon.Bench -- --filter '*'
// dotnet run -c Release --project bench/Gluon.Bench -- --dispatch   (quick Stopwatch loop)
// dotnet run -c Release --project bench/Gluon.Bench -- --lenet      (LeNet through Gluon.Nn blocks vs direct ops)
// dotnet run -c Release --project bench/Gluon.Bench -- --dataloader (quick Stopwatch loop)
if (args is ["--dispatch"])
    Gluon.Bench.DispatchBench.RunQuick();
else if (args is ["--lenet"])
    Gluon.Bench.LeNetBench.RunQuick();
else if (args is ["--dataloader"])
    Gluon.Bench.DataLoaderBench.RunQuick();
else
    BenchmarkSwitcher.FromAssembly(typeof(Gluon.Bench.ElementwiseBench).Assembly).Run(args);
