using System.Diagnostics;
using System.Globalization;
using LearningRate.Checkpoints;
using LearningRate.Controllers;
using LearningRate.Iris;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Training;

// Iris (Fisher 1936; iris.csv, 150 rows) with a small MLP, every training tool in order:
// 1. a seeded, stratified train/validation/test split; 2. standardization fitted on the training rows;
// 3. the learning-rate range test; 4. Adam with warmup + cosine, ReduceOnPlateau on the validation loss and a
// TrainingMonitor; 5. a checkpoint saved mid-run, and a resume from it that must end bit-identical to the
// uninterrupted run; 6. the test accuracy; 7. the same training with 8-bit optimizer state (Adam8Bit) beside Adam.
// Exits with 1 if the resume differs or the model did not learn.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const int Hidden = 8;
const int BatchSize = 10;
const int Epochs = 60;
const int CheckpointEpoch = 30;
var clock = Stopwatch.StartNew();

var all = IrisData.Load(Path.Combine(AppContext.BaseDirectory, "iris.csv"));
var perClass = IrisData.Species.Select((_, k) => all.Labels.Count(l => l == k)).ToArray();
Console.WriteLine($"Iris: {all.Count} rows, {string.Join(" / ", perClass)} per species, {IrisData.Features} features.");
if (all.Count != 150 || perClass.Any(n => n != 50))
{
    Console.Error.WriteLine("iris.csv must hold 150 rows, 50 per species.");
    return 1;
}

// 1. Split 60/20/20 per species, seeded: the same rows land in the same part on every run and machine.
var (rawTrain, rawValidation, rawTest) = all.Split(validationFraction: 0.2, testFraction: 0.2, seed: 42);

// 2. Standardize with the training rows' statistics only; validation and test reuse them.
var scaler = new Standardizer();
scaler.Fit<double>(rawTrain.X, IrisData.Features);
var train = rawTrain.WithFeatures((x, z) => scaler.Transform<double>(x, z));
var validation = rawValidation.WithFeatures((x, z) => scaler.Transform<double>(x, z));
var test = rawTest.WithFeatures((x, z) => scaler.Transform<double>(x, z));
Console.WriteLine($"Split: {train.Count} training, {validation.Count} validation, {test.Count} test rows.");
Console.WriteLine($"Training means (cm): {Join(scaler.Mean)}; standard deviations: {Join(scaler.StandardDeviation)}.");

var batches = new MiniBatches(train.Count, BatchSize, seed: 7);
var stepsPerEpoch = batches.StepsPerEpoch;
var totalSteps = MiniBatches.EpochsToSteps(Epochs, stepsPerEpoch);
var warmupSteps = MiniBatches.EpochsToSteps(3, stepsPerEpoch);

// 3. The range test, on the model about to be trained: the finder puts weights and optimizer state back afterwards.
var (model, adam, plateau) = Build(seed: 1);
var stream = 0;
var order = new int[train.Count];
var range = new LearningRateFinder(adam, new LearningRateFinderOptions { StartLearningRate = 1e-4, EndLearningRate = 10, Steps = 100 })
    .Run(_ =>
    {
        // Consecutive batches of consecutive epochs, as training would see them.
        var epoch = stream / stepsPerEpoch;
        var start = (stream++ % stepsPerEpoch) * BatchSize;
        batches.GetOrder(epoch, order);
        var loss = model.Loss(train, order.AsSpan(start, Math.Min(BatchSize, train.Count - start)), backward: true);
        adam.Step();
        return loss;
    });
// The peak: the recommended (valley) rate. On 90 rows the loss minimum, the other usual peak for a schedule with
// warmup, overshoots: the validation loss climbs from epoch 10 on.
var peak = range.Recommended?.LearningRate ?? 1e-2;
Console.WriteLine($"Range test: {range.LearningRates.Count} steps, stopped: {range.StopReason}.");
foreach (var s in range.Suggestions)
{
    Console.WriteLine($"  {s.Rule,-15} {s.LearningRate,9:G3}  {s.Rationale}");
}

Console.WriteLine($"  → warmup + cosine peaks at {peak:G3}, the recommended rate ({range.Recommended?.Rule}); the suggestions agree within {range.SpreadInDecades:F2} decades.");

// 4. Train, saving a checkpoint at the end of epoch 30.
Directory.CreateDirectory(Path.Combine("artifacts", "iris"));
var checkpoint = Path.Combine("artifacts", "iris", "iris.ckpt");
Bind(adam, plateau);
using var monitor = Monitor(plateau);
Train(model, adam, monitor, fromEpoch: 0, onEpochEnd: epoch =>
{
    if (epoch + 1 == CheckpointEpoch)
    {
        // Parameters, Adam's moments, step count and the plateau's state; beside them the scaler and the monitor.
        Checkpoint.SaveToFile(adam, checkpoint, ("scaler", scaler), ("monitor", monitor));
    }
});

Console.WriteLine();
Console.WriteLine($"{"epoch",5} {"train loss",10} {"val. loss",10} {"val. acc.",9} {"lr",9}");
foreach (var e in monitor.Epochs.Where(e => (e.Epoch + 1) % 10 == 0))
{
    Console.WriteLine($"{e.Epoch + 1,5} {e.TrainingLoss,10:F4} {e.ValidationLoss,10:F4} {e.ValidationMetric,9:P1} {e.LearningRate,9:G3}");
}

foreach (var d in monitor.Diagnoses)
{
    Console.WriteLine($"Monitor: {d.Issue} at step {d.Step}. {d.Message} → {d.Advice}");
}

if (plateau.Scale < 1)
{
    Console.WriteLine($"ReduceOnPlateau cut the rate to {plateau.Scale:G3} × the schedule.");
}

// 5. Resume: a fresh model (other initial weights), optimizer, schedule, controller, scaler and monitor, built the
// same way, then the checkpoint. Epochs 30..59 again must give the uninterrupted run's weights bit for bit, and the
// monitor the same history and diagnoses.
var (resumedModel, resumedAdam, resumedPlateau) = Build(seed: 2);
Bind(resumedAdam, resumedPlateau);
var resumedScaler = new Standardizer();
using var resumedMonitor = Monitor(resumedPlateau);
Checkpoint.LoadFromFile(resumedAdam, checkpoint, strict: true, ("scaler", resumedScaler), ("monitor", resumedMonitor));
Train(resumedModel, resumedAdam, resumedMonitor, fromEpoch: CheckpointEpoch, onEpochEnd: _ => { });
var differences = model.Parameters.Zip(resumedModel.Parameters)
    .Sum(p => p.First.Values.Where((v, i) => BitConverter.DoubleToInt64Bits(v) != BitConverter.DoubleToInt64Bits(p.Second.Values[i])).Count());
var resumedExactly = differences == 0 && resumedAdam.StepCount == adam.StepCount && resumedPlateau.Scale == plateau.Scale
    && resumedScaler.Mean.SequenceEqual(scaler.Mean) && resumedScaler.Scale.SequenceEqual(scaler.Scale)
    && resumedMonitor.Epochs.SequenceEqual(monitor.Epochs) && resumedMonitor.Diagnoses.SequenceEqual(monitor.Diagnoses);
Console.WriteLine();
Console.WriteLine(resumedExactly
    ? $"Resume from epoch {CheckpointEpoch}: bit-identical to the uninterrupted run ({adam.StepCount} steps, every weight, scaler statistic and monitored epoch equal)."
    : $"Resume from epoch {CheckpointEpoch}: {differences} weights differ (steps {resumedAdam.StepCount} vs {adam.StepCount}, plateau scale {resumedPlateau.Scale} vs {plateau.Scale}).");

// 6. The test rows, seen for the first time.
var accuracy = model.Accuracy(test);
Console.WriteLine($"Test accuracy: {accuracy:P1} ({Math.Round(accuracy * test.Count)} of {test.Count}); test loss {model.Loss(test):F4}.");

// 7. The optimizer state in 8 bits: the same model, batches and warmup + cosine at the same peak, trained with Adam and
// with Adam8Bit (one byte each for √v and m/√v per weight, a float scale per block, instead of two doubles).
var data = (train, validation, test);
var exact = IrisRun.Train<Adam<double>, AdamOptions>(data, new Adam<double>(), peak, Epochs, seed: 1);
var adam8 = new Adam8Bit<double>();
var quantized = IrisRun.Train<Adam8Bit<double>, Adam8BitOptions>(data, adam8, peak, Epochs, seed: 1);
Console.WriteLine();
Console.WriteLine($"{"",9} {"train loss",10} {"val. loss",10} {"test acc.",9} {"state",9}");
Console.WriteLine($"{"Adam",-9} {exact.TrainingLoss[^1],10:F4} {exact.ValidationLoss[^1],10:F4} {exact.TestAccuracy,9:P1} {16 * model.Parameters.Sum(p => p.Values.Length),7} B");
Console.WriteLine($"{"Adam8Bit",-9} {quantized.TrainingLoss[^1],10:F4} {quantized.ValidationLoss[^1],10:F4} {quantized.TestAccuracy,9:P1} {adam8.StateBytes,7} B");
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");
return resumedExactly && accuracy >= 0.8 ? 0 : 1;

// Everything a run needs, built the same way each time: a checkpoint restores state into this structure.
(Mlp Model, Adam<double> Adam, ReduceOnPlateau Plateau) Build(int seed)
{
    var mlp = new Mlp(Hidden, seed);
    var optimizer = mlp.Register<Adam<double>, AdamOptions>(new Adam<double>());
    var controller = new ReduceOnPlateau(new ReduceOnPlateauOptions
    {
        Factor = 0.5,
        Patience = 4,
        ThresholdMode = PlateauThresholdMode.SignAwareRelative,
    });
    return (mlp, optimizer, controller);
}

// Warmup for 3 epochs, then a cosine to 0 over the rest; the plateau's cuts multiply on top.
void Bind(Adam<double> optimizer, ReduceOnPlateau controller)
{
    var group = optimizer.Groups[0];
    group.Schedule = Schedule.Warmup(warmupSteps, to: peak).Then(Schedule.Cosine(peak, totalSteps - warmupSteps));
    group.AddController(controller);
}

// The monitor watches steps and epochs and reports each epoch's validation loss to the plateau controller.
TrainingMonitor Monitor(ReduceOnPlateau controller)
{
    var watcher = new TrainingMonitor();
    watcher.FeedPlateauController(controller);
    return watcher;
}

void Train(Mlp mlp, Adam<double> optimizer, TrainingMonitor watcher, int fromEpoch, Action<int> onEpochEnd)
{
    for (var epoch = fromEpoch; epoch < Epochs; epoch++)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var rows in batches.Epoch(epoch))   // epoch e's order depends only on (seed, e): a resume replays it
        {
            var loss = mlp.Loss(train, rows, backward: true);
            optimizer.Step();
            watcher.RecordStep(loss, optimizer.Groups[0].LastLearningRate ?? 0);
            sum += loss;
            count++;
        }

        watcher.RecordEpoch(sum / count, mlp.Loss(validation), new() { ValidationMetric = mlp.Accuracy(validation) });
        onEpochEnd(epoch);
    }
}

static string Join(ReadOnlySpan<double> values) => string.Join(", ", values.ToArray().Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
