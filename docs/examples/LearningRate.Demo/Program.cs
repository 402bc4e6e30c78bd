using System.Diagnostics;
using System.Globalization;
using LearningRate.Demo;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Training;

// The LearningRate demo: a small MLP (MathNet matrices) on a generated three-armed spiral.
// 1. Standardize the features (and see what happens without). 2. Run the learning-rate range test.
// 3. Train with every optimizer and a warmup + cosine schedule, watched by a TrainingMonitor.
// 4. Print a table and write an HTML report with the plots.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const int Hidden = 32;
const int Epochs = 30;
const int BatchSize = 32;
var total = Stopwatch.StartNew();

var (rawTrain, rawValidation) = SpiralData.Generate(perClass: 600, seed: 7);
var standardizer = new Standardizer();
standardizer.Fit<double>(rawTrain.X, SpiralData.Features);
var train = Standardized(rawTrain);
var validation = Standardized(rawValidation);
var stepsPerEpoch = MiniBatches.GetStepsPerEpoch(train.Count, BatchSize, dropLast: false);
var totalSteps = (long)stepsPerEpoch * Epochs;
var warmupSteps = MiniBatches.EpochsToSteps(1, stepsPerEpoch);

Console.WriteLine($"Spiral data: {train.Count} training and {validation.Count} validation rows, {SpiralData.Features} features, {SpiralData.Classes} classes.");
Console.WriteLine($"Raw feature scales (standard deviations): {string.Join(", ", standardizer.StandardDeviation.ToArray().Select(s => s.ToString("G3")))}");
Console.WriteLine($"MLP {SpiralData.Features}-{Hidden}-{SpiralData.Classes} (tanh, softmax), batch {BatchSize}, {Epochs} epochs = {totalSteps} steps.");
Console.WriteLine();

// The range test: Adam from 1e-5 to 10 over 150 mini-batches; the model is restored afterwards.
var finderModel = new Mlp(SpiralData.Features, Hidden, SpiralData.Classes, seed: 1);
var finderAdam = finderModel.Register<Adam<double>, AdamOptions>(new Adam<double>());
var finderBatches = new EndlessMiniBatches(new MiniBatches(train.Count, BatchSize, seed: 11));
var finder = new LearningRateFinder(finderAdam, new LearningRateFinderOptions { StartLearningRate = 1e-5, EndLearningRate = 10, Steps = 150 });
var range = finder.Run(_ =>
{
    var loss = finderModel.Loss(train.X, train.Labels, finderBatches.Next(), backward: true);
    finderAdam.Step();
    return loss;
});
Console.WriteLine($"Range test (Adam): {range.LearningRates.Count} steps, stopped: {range.StopReason}.");
Console.WriteLine($"  {range.Summary}");
foreach (var s in range.Suggestions)
{
    Console.WriteLine($"  {s.Rule,-15} {s.LearningRate,9:G3}  {s.Rationale}");
}

// A constant rate takes the recommended (valley) suggestion: the safe choice. A schedule with warmup and decay
// peaks at the loss minimum, the edge the range test found: warmup protects the start and the decay the end, as
// in Smith's 1cycle. Without a descent the range test suggests nothing, and the demo falls back to common rates.
var adamRate = range.Recommended?.LearningRate ?? 1e-3;
var adamPeak = range.LossMinimum?.LearningRate ?? 1e-2;
Console.WriteLine(range.DescentFound
    ? $"  → Adam with a constant rate uses {adamRate:G3} (the {range.Recommended?.Rule}); Adam and AdamW with warmup + cosine peak at {adamPeak:G3}, the loss minimum."
    : $"  → No suggestion: Adam uses the common defaults {adamRate:G3} (constant) and {adamPeak:G3} (peak).");
Console.WriteLine();

// The runs: every optimizer with warmup + cosine on standardized features; Adam also with a constant
// rate; and SGD and Adam on the raw features, to see what standardization buys.
// Warmup for one epoch, then a cosine to 0, from the schedule catalogue, bound to the optimizer's group.
Schedule Cosine(double peak) => Schedule.Warmup(warmupSteps, to: peak).Then(Schedule.Cosine(peak, totalSteps - warmupSteps));
RunSpec[] specs =
[
    new("SGD", "standardized", "warmup+cosine", 0.5, m => m.Register<Sgd<double>, SgdOptions>(new Sgd<double>(new SgdOptions { LearningRate = 0.5 })), train, validation, Cosine(0.5)),
    new("Momentum", "standardized", "warmup+cosine", 0.05, m => m.Register<Momentum<double>, MomentumOptions>(new Momentum<double>(new MomentumOptions { LearningRate = 0.05 })), train, validation, Cosine(0.05)),
    new("AdaGrad", "standardized", "warmup+cosine", 0.1, m => m.Register<AdaGrad<double>, AdaGradOptions>(new AdaGrad<double>(new AdaGradOptions { LearningRate = 0.1 })), train, validation, Cosine(0.1)),
    new("RMSprop", "standardized", "warmup+cosine", 1e-2, m => m.Register<RmsProp<double>, RmsPropOptions>(new RmsProp<double>(new RmsPropOptions { LearningRate = 1e-2 })), train, validation, Cosine(1e-2)),
    new("Adam", "standardized", "warmup+cosine", adamPeak, m => m.Register<Adam<double>, AdamOptions>(new Adam<double>()), train, validation, Cosine(adamPeak)),
    new("AdamW", "standardized", "warmup+cosine", adamPeak, m => m.Register<AdamW<double>, AdamOptions>(new AdamW<double>()), train, validation, Cosine(adamPeak)),
    new("Adam", "standardized", "constant", adamRate, m => m.Register<Adam<double>, AdamOptions>(new Adam<double>()), train, validation, Schedule.Constant(adamRate)),
    new("SGD", "raw", "warmup+cosine", 0.5, m => m.Register<Sgd<double>, SgdOptions>(new Sgd<double>()), rawTrain, rawValidation, Cosine(0.5)),
    new("Adam", "raw", "warmup+cosine", adamPeak, m => m.Register<Adam<double>, AdamOptions>(new Adam<double>()), rawTrain, rawValidation, Cosine(adamPeak)),
];

// One untimed epoch of every configuration first: the first run would otherwise pay for compiling the
// training loop, the monitor and its optimizer's kernels, and its time would not compare with the others.
foreach (var spec in specs)
{
    _ = Run(spec, epochs: 1);
}

var runs = specs.Select(spec => Run(spec, Epochs)).ToList();

Console.WriteLine($"{"optimizer",-9} {"features",-12} {"schedule",-13} {"peak lr",8} {"train loss",10} {"val. loss",10} {"val. acc.",9} {"time",8}  issues");
foreach (var r in runs)
{
    Console.WriteLine($"{r.Optimizer,-9} {r.Features,-12} {r.Schedule,-13} {r.PeakLearningRate,8:G3} {r.TrainingLoss,10:F4} {r.ValidationLoss,10:F4} {r.ValidationAccuracy,9:P1} {r.Time.TotalMilliseconds,5:F0} ms  {r.Issues}");
}

Console.WriteLine();
foreach (var r in runs.Where(r => r.Monitor.Diagnoses.Count > 0))
{
    foreach (var d in r.Monitor.Diagnoses)
    {
        Console.WriteLine($"{r.Label}: {d.Issue} at step {d.Step}. {d.Message} → {d.Advice}");
    }
}

var report = Report.Write(args.Length > 0 ? args[0] : Path.Combine("artifacts", "demo"), train.Count, validation.Count, range, runs, total.Elapsed);
Console.WriteLine();
Console.WriteLine($"Report: {report}");
Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:F1} s.");

RunResult Run(RunSpec spec, int epochs)
{
    var stopwatch = Stopwatch.StartNew();
    var mlp = new Mlp(SpiralData.Features, Hidden, SpiralData.Classes, seed: 1);
    var optimizer = spec.Make(mlp);
    optimizer.Groups[0].Schedule = spec.Schedule;   // the optimizer reads the rate of step k at At(k)
    var (trainData, validationData) = (spec.Train, spec.Validation);
    var batches = new MiniBatches(trainData.Count, BatchSize, seed: 3);
    var monitor = new TrainingMonitor();
    double trainLoss = double.NaN, validationLoss = double.NaN, accuracy = 0;
    for (var epoch = 0; epoch < epochs; epoch++)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var rows in batches.Epoch(epoch))
        {
            var loss = mlp.Loss(trainData.X, trainData.Labels, rows, backward: true);
            optimizer.Step();
            monitor.RecordStep(loss, optimizer.Groups[0].LastLearningRate ?? 0);
            sum += loss;
            count++;
        }

        trainLoss = sum / count;
        validationLoss = mlp.Loss(validationData.X, validationData.Labels, Enumerable.Range(0, validationData.Count).ToArray(), backward: false);
        accuracy = mlp.Accuracy(validationData.X, validationData.Labels);
        monitor.RecordEpoch(trainLoss, validationLoss, new() { ValidationMetric = accuracy });
        if (!double.IsFinite(trainLoss))
        {
            break;   // diverged: the monitor has said so; nothing more to learn from this run
        }
    }

    return new RunResult(spec.Optimizer, spec.Features, spec.ScheduleName, spec.Peak, trainLoss, validationLoss, accuracy, stopwatch.Elapsed, monitor);
}

SpiralData Standardized(SpiralData data)
{
    var x = new double[data.X.Length];
    standardizer.Transform<double>(data.X, x);
    return data.WithFeatures(x);
}
