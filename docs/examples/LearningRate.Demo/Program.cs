using System.Diagnostics;
using System.Globalization;
using LearningRate.Demo;
using LearningRate.Optimizers;

// The LearningRate demo: a small MLP on a generated spiral, trained with each optimizer.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const int Hidden = 32;
const int Epochs = 30;
const int BatchSize = 32;

var (train, validation) = SpiralData.Generate(perClass: 600, seed: 7);
var (standardTrain, standardValidation) = Standardize(train, validation);

Console.WriteLine($"Spiral data: {train.Count} training and {validation.Count} validation rows, {SpiralData.Features} features, {SpiralData.Classes} classes.");
Console.WriteLine();
Console.WriteLine($"{"optimizer",-10} {"features",-13} {"final loss",11} {"val. acc.",10} {"time",9}");
foreach (var (name, make) in Optimizers())
{
    foreach (var (label, t, v) in new[] { ("raw", train, validation), ("standardized", standardTrain, standardValidation) })
    {
        var stopwatch = Stopwatch.StartNew();
        var mlp = new Mlp(SpiralData.Features, Hidden, SpiralData.Classes, seed: 1);
        var optimizer = make(mlp);
        var loss = Train(mlp, optimizer, t);
        var accuracy = mlp.Accuracy(v.X, v.Labels);
        Console.WriteLine($"{name,-10} {label,-13} {loss,11:F4} {accuracy,10:P1} {stopwatch.Elapsed.TotalMilliseconds,7:F0} ms");
    }
}

static IEnumerable<(string Name, Func<Mlp, IOptimizer> Make)> Optimizers()
{
    yield return ("Adam", mlp => Registered(mlp, new Adam<double>(new AdamOptions { LearningRate = 1e-2 })));
    yield return ("AdamW", mlp => Registered(mlp, new AdamW<double>(new AdamWOptions { LearningRate = 1e-2 })));
}

static TOptimizer Registered<TOptimizer>(Mlp mlp, TOptimizer optimizer)
    where TOptimizer : Optimizer<double, AdamOptions>
{
    mlp.Register(optimizer);
    return optimizer;
}

static double Train(Mlp mlp, IOptimizer optimizer, SpiralData data)
{
    var random = new Random(3);
    var order = Enumerable.Range(0, data.Count).ToArray();
    var epochLoss = 0.0;
    for (var epoch = 0; epoch < Epochs; epoch++)
    {
        random.Shuffle(order);
        epochLoss = 0;
        var batches = 0;
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var rows = order.AsSpan(start, Math.Min(BatchSize, order.Length - start));
            epochLoss += mlp.Loss(data.X, data.Labels, rows, backward: true);
            optimizer.Step();
            batches++;
        }

        epochLoss /= batches;
    }

    return epochLoss;
}

static (SpiralData Train, SpiralData Validation) Standardize(SpiralData train, SpiralData validation)
{
    var columns = SpiralData.Features;
    var mean = new double[columns];
    var std = new double[columns];
    for (var c = 0; c < columns; c++)
    {
        var values = Enumerable.Range(0, train.Count).Select(r => train.X[(r * columns) + c]).ToArray();
        mean[c] = values.Average();
        std[c] = Math.Sqrt(values.Select(v => (v - mean[c]) * (v - mean[c])).Average());
    }

    double[] Apply(double[] x) => x.Select((v, i) => (v - mean[i % columns]) / std[i % columns]).ToArray();
    return (train.WithFeatures(Apply(train.X)), validation.WithFeatures(Apply(validation.X)));
}
