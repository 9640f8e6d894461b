using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Gluon.Bench -- --filter '*'        (BenchmarkDotNet suites)
// dotnet run -c Release --project bench/Gluon.Bench -- compare [--quick]   (side by side with OpenBLAS, ONNX Runtime, TensorPrimitives)
// dotnet run -c Release --project bench/Gluon.Bench -- --dispatch          (quick Stopwatch loop)
// dotnet run -c Release --project bench/Gluon.Bench -- --lenet             (LeNet through Gluon.Nn blocks vs direct ops)
// dotnet run -c Release --project bench/Gluon.Bench -- --dataloader        (quick Stopwatch loop)
// dotnet run -c Release --project bench/Gluon.Bench -- --resnet-ops [--alone|--inplace] [--cold] [--net resnet50|mobilenet] [1 16] (ResNet-18 per-op time breakdown)
// GLUON_OP_PROFILE=1 dotnet run -c Release --project bench/Gluon.Bench -- --train-profile   (MLP/LeNet step: per-op time, products alone, GCs)
if (args is ["--dispatch"])
    Gluon.Bench.DispatchBench.RunQuick();
else if (args is ["--lenet"])
    Gluon.Bench.LeNetBench.RunQuick();
else if (args is ["--dataloader"])
    Gluon.Bench.DataLoaderBench.RunQuick();
else if (args is ["--resnet-ops", ..])
    Gluon.Bench.Profile.ResNetOpProfile.Run(args[1..]);
else if (args is ["--train-profile"])
    Gluon.Bench.TrainProfile.Run();
else if (args is ["compare", ..])
    return Gluon.Bench.Compare.CompareCommand.Run(args[1..]);
else
    BenchmarkSwitcher.FromAssembly(typeof(Gluon.Bench.ElementwiseBench).Assembly).Run(args);
return 0;
