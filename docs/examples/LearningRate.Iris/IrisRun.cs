using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Training;

namespace LearningRate.Iris;

/// <summary>
/// One optimizer's training run of the Iris model, recorded epoch by epoch: the same model (seeded weights), batches
/// (seeded order) and schedule (warmup for 3 epochs, then a cosine to 0) for every optimizer, so two runs differ only by
/// their optimizer. Used to compare the 8-bit optimizers with their float-state counterparts.
/// </summary>
/// <param name="TrainingLoss">The mean training loss of each epoch.</param>
/// <param name="ValidationLoss">The validation loss after each epoch.</param>
/// <param name="TestAccuracy">The test accuracy at the end.</param>
internal sealed record IrisRun(double[] TrainingLoss, double[] ValidationLoss, double TestAccuracy)
{
    /// <summary>Trains a fresh model with <paramref name="optimizer"/>, at peak rate <paramref name="peak"/>.</summary>
    /// <param name="data">The standardized training, validation and test rows.</param>
    /// <param name="optimizer">A fresh optimizer; the run registers the model's weights with it.</param>
    /// <param name="peak">The peak learning rate of the schedule.</param>
    /// <param name="epochs">The number of epochs.</param>
    /// <param name="seed">The seed of the initial weights.</param>
    public static IrisRun Train<TOptimizer, TOptions>(
        (IrisData Train, IrisData Validation, IrisData Test) data,
        TOptimizer optimizer,
        double peak,
        int epochs,
        int seed)
        where TOptimizer : Optimizer<double, TOptions>
        where TOptions : OptimizerOptions
    {
        const int Hidden = 8, BatchSize = 10;
        var model = new Mlp(Hidden, seed);
        model.Register<TOptimizer, TOptions>(optimizer);
        var batches = new MiniBatches(data.Train.Count, BatchSize, seed: 7);
        var totalSteps = MiniBatches.EpochsToSteps(epochs, batches.StepsPerEpoch);
        var warmupSteps = MiniBatches.EpochsToSteps(3, batches.StepsPerEpoch);
        optimizer.Groups[0].Schedule = Schedule.Warmup(warmupSteps, to: peak).Then(Schedule.Cosine(peak, totalSteps - warmupSteps));
        double[] training = new double[epochs], validation = new double[epochs];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var sum = 0.0;
            var count = 0;
            foreach (var rows in batches.Epoch(epoch))
            {
                sum += model.Loss(data.Train, rows, backward: true);
                optimizer.Step();
                count++;
            }

            training[epoch] = sum / count;
            validation[epoch] = model.Loss(data.Validation);
        }

        return new IrisRun(training, validation, model.Accuracy(data.Test));
    }
}
