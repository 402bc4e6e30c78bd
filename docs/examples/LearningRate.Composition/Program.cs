using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;

// Fit y = 2x − 1 from noisy samples with Adam: warmup to 0.1 over 50 steps, a cosine down over 950,
// and a plateau controller on top that halves the rate when the validation loss stops improving.
var random = new Random(1);
var x = Enumerable.Range(0, 200).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
var y = x.Select(v => (2 * v) - 1 + (0.1 * (random.NextDouble() - 0.5))).ToArray();
var weights = new double[2];     // slope, intercept
var gradients = new double[2];
var adam = new Adam<double>();
adam.Add("weights", weights, gradients);

var group = adam.Groups[0];
group.Schedule = Schedule.Warmup(50, to: 0.1).Then(Schedule.Cosine(0.1, 950));
var plateau = new ReduceOnPlateau(new ReduceOnPlateauOptions
{
    Factor = 0.5,
    Patience = 3,
    ThresholdMode = PlateauThresholdMode.SignAwareRelative,
    BaseLearningRate = 0.1,   // the schedule's peak: MinLearningRate and Epsilon are in its units
    MinLearningRate = 1e-4,
});
group.AddController(plateau);   // learning rate = schedule(step) × plateau.Scale
plateau.Changed += (_, r) =>
    Console.WriteLine($"report {r.Step}: scale {r.OldScale} -> {r.NewScale} ({r.Reason}, metric {r.Metric:G4})");

for (var step = 0; step < 1000; step++)
{
    ComputeGradients(x.AsSpan(0, 150), y.AsSpan(0, 150));   // the first 150 samples train
    adam.Step();
    if ((step + 1) % 25 == 0)
    {
        plateau.Report(Loss(x.AsSpan(150), y.AsSpan(150)));   // the last 50 validate
    }
}

Console.WriteLine($"slope {weights[0]:F3}, intercept {weights[1]:F3}, validation loss {Loss(x.AsSpan(150), y.AsSpan(150)):G4}");

// Mean squared error and its gradient with respect to (slope, intercept).
void ComputeGradients(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
{
    gradients[0] = gradients[1] = 0;
    for (var i = 0; i < xs.Length; i++)
    {
        var error = (weights[0] * xs[i]) + weights[1] - ys[i];
        gradients[0] += 2 * error * xs[i] / xs.Length;
        gradients[1] += 2 * error / xs.Length;
    }
}

double Loss(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
{
    var sum = 0.0;
    for (var i = 0; i < xs.Length; i++)
    {
        var error = (weights[0] * xs[i]) + weights[1] - ys[i];
        sum += error * error;
    }

    return sum / xs.Length;
}
