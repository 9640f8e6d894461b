using System.Globalization;

namespace Gluon.Samples.FashionMnist;

/// <summary>Command-line options: --epochs, --batch-size, --lr, --target, --seed.</summary>
internal sealed record Options(int Epochs, int BatchSize, double LearningRate, double Target, int Seed)
{
    public static Options Parse(string[] args)
    {
        var o = new Options(Epochs: 6, BatchSize: 128, LearningRate: 0.002, Target: 0.89, Seed: 1);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            double D() => double.Parse(Next(), CultureInfo.InvariantCulture);
            int I() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--epochs" => o with { Epochs = I() },
                "--batch-size" => o with { BatchSize = I() },
                "--lr" => o with { LearningRate = D() },
                "--target" => o with { Target = D() },
                "--seed" => o with { Seed = I() },
                _ => throw new ArgumentException($"unknown option '{args[i]}' (known: --epochs, --batch-size, --lr, --target, --seed)"),
            };
        }
        return o;
    }
}
