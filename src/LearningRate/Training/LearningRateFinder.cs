using LearningRate.Internal;
using LearningRate.Optimizers;

namespace LearningRate.Training;

/// <summary>
/// The learning-rate range test (Smith 2015; fastai's <c>lr_find</c>): train for a few mini-batches while
/// the learning rate grows from tiny to huge, record the loss, stop when it diverges, then read off a good
/// learning rate from the curve. Works with any training loop: the loop's own code trains each batch.
/// </summary>
/// <example>
/// <code>
/// var batches = new EndlessMiniBatches(new MiniBatches(rows, batchSize: 32, seed: 1));
/// var finder = new LearningRateFinder(adam);   // fastai's defaults: 1e-7 to 10 over 100 steps
/// var result = finder.Run(lr =&gt; TrainOneBatch(batches.Next()));   // forward, backward, adam.Step(); returns the loss
/// Console.WriteLine(result.Summary);   // the evidence, or why there is none
/// if (result.Recommended is { } start) Console.WriteLine($"{start.LearningRate}: {start.Rationale}");
/// File.WriteAllText("lr-range.svg", result.ToSvg());
/// </code>
/// </example>
public sealed class LearningRateFinder
{
    private readonly IOptimizer _optimizer;

    /// <summary>Initializes a range test over <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The optimizer the loop steps; every group's learning rate is set at each sweep step.</param>
    /// <param name="options">The sweep settings; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="LearningRateFinderOptions.RestoreState"/> is set and the optimizer's state cannot be copied (it implements neither IOptimizer{float} nor IOptimizer{double}), or a group does not support schedules (<see cref="IParameterGroup.SupportsSchedules"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The end learning rate does not exceed the start.</exception>
    public LearningRateFinder(IOptimizer optimizer, LearningRateFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new LearningRateFinderOptions();
        if (!(options.EndLearningRate > options.StartLearningRate))
        {
            Guard.ThrowOutOfRange(nameof(LearningRateFinderOptions.EndLearningRate), options.EndLearningRate, $"must exceed StartLearningRate ({options.StartLearningRate})");
        }

        if (optimizer.Groups.Any(group => !group.SupportsSchedules))
        {
            Guard.ThrowArgument(nameof(optimizer), "This optimizer uses the learning rate only as an initial step size (as PyTorch's Rprop does), so a range test cannot sweep it.");
        }

        if (options.RestoreState && optimizer is not (IOptimizer<float> or IOptimizer<double>))
        {
            Guard.ThrowArgument(nameof(optimizer), "RestoreState needs an optimizer whose state can be copied (IOptimizer<float> or IOptimizer<double>); set RestoreState = false to sweep another one.");
        }

        _optimizer = optimizer;
        Options = options;
    }

    /// <summary>Gets the sweep settings.</summary>
    public LearningRateFinderOptions Options { get; }

    /// <summary>
    /// Returns the learning rate of sweep step <paramref name="index"/>: with r = i/Steps (fastai's grid), or
    /// r = i/(Steps − 1) with <see cref="LearningRateFinderOptions.IncludeEnd"/> (the last step then exactly the end
    /// rate), <c>γ_start·(γ_end/γ_start)^r</c> when exponential and <c>γ_start + (γ_end − γ_start)·r</c> when linear.
    /// </summary>
    /// <param name="index">The 0-based step, in [0, Steps).</param>
    /// <returns>The learning rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Steps).</exception>
    public double LearningRateAt(int index)
    {
        if (index < 0 || index >= Options.Steps)
        {
            Guard.ThrowOutOfRange(nameof(index), index, $"must be in [0, {Options.Steps})");
        }

        var (start, end) = (Options.StartLearningRate, Options.EndLearningRate);
        if (index == 0)
        {
            return start;
        }

        if (Options.IncludeEnd && index == Options.Steps - 1)
        {
            // Set, not computed: start·(end/start)¹ and start + (end − start)·1 can round away from end.
            return end;
        }

        var r = (double)index / (Options.IncludeEnd ? Options.Steps - 1 : Options.Steps);
        return Options.Mode == SweepMode.Exponential ? start * Math.Pow(end / start, r) : start + ((end - start) * r);
    }

    /// <summary>
    /// Runs the sweep. At step i it sets every group's learning rate to <see cref="LearningRateAt"/>(i) (bound
    /// schedules and attached controllers sit out the sweep and are bound and attached again after it) and
    /// calls <paramref name="trainBatch"/>, which must train one mini-batch (forward, backward,
    /// <c>optimizer.Step()</c>) and return that batch's loss. The sweep ends after <c>Steps</c> steps, at
    /// the first non-finite loss (not recorded), or once the smoothed loss passes the divergence threshold
    /// (recorded). The result counts the optimizer's steps during the sweep (a callback that never steps gives
    /// <see cref="NoDescentReason.NeverStepped"/>) and withholds every suggestion when the curve shows no descent. Then, with <see cref="LearningRateFinderOptions.RestoreState"/>, the parameters,
    /// gradients, optimizer state, group rates and schedules are put back as they were, also when the callback throws.
    /// </summary>
    /// <param name="trainBatch">Receives the step's learning rate; trains one mini-batch; returns its loss.</param>
    /// <returns>The curve and the suggestions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trainBatch"/> is null.</exception>
    public LearningRateFinderResult Run(Func<double, double> trainBatch)
    {
        ArgumentNullException.ThrowIfNull(trainBatch);
        var snapshot = Options.RestoreState ? CaptureSnapshot(_optimizer) : null;
        var rates = new List<double>(Options.Steps);
        var losses = new List<double>(Options.Steps);
        var smoothed = new List<double>(Options.Steps);
        var stop = FinderStopReason.Completed;
        var stepsBefore = _optimizer.StepCount;
        var optimizerSteps = 0L;

        // The sweep sets each group's rate itself: attached controllers would multiply it, so they sit out
        // the sweep and are attached again afterwards (in their order), whatever RestoreState says.
        var controllers = _optimizer.Groups.Select(group => group.Controllers.ToArray()).ToArray();
        for (var g = 0; g < controllers.Length; g++)
        {
            foreach (var controller in controllers[g])
            {
                _optimizer.Groups[g].RemoveController(controller);
            }
        }

        // A group's rate is a number or a schedule: the sweep's numbers need the schedules unbound, and
        // they are bound again afterwards (with their momentum schedules), as the controllers are.
        var schedules = _optimizer.Groups.Select(group => (group.Schedule, group.MomentumSchedule)).ToArray();
        foreach (var group in _optimizer.Groups)
        {
            group.Schedule = null;
        }

        try
        {
            var beta = Options.Smoothing;
            double average = 0, weight = 1, best = double.PositiveInfinity;
            for (var i = 0; i < Options.Steps; i++)
            {
                var rate = LearningRateAt(i);
                foreach (var group in _optimizer.Groups)
                {
                    group.LearningRate = rate;
                }

                var loss = trainBatch(rate);
                if (!double.IsFinite(loss))
                {
                    stop = FinderStopReason.NonFiniteLoss;
                    break;
                }

                average = (beta * average) + ((1 - beta) * loss);
                weight *= beta;
                var smooth = beta == 0 ? loss : average / (1 - weight);
                rates.Add(rate);
                losses.Add(loss);
                smoothed.Add(smooth);
                if (i > 0 && smooth > best + ((Options.DivergenceThreshold - 1) * Math.Abs(best)))
                {
                    stop = FinderStopReason.Diverged;
                    break;
                }

                best = Math.Min(best, smooth);
            }

            // Read before the snapshot puts the step count back.
            optimizerSteps = _optimizer.StepCount - stepsBefore;
        }
        finally
        {
            snapshot?.Restore();
            for (var g = 0; g < controllers.Length; g++)
            {
                // The snapshot already bound them again; without one, bind them here.
                if (snapshot is null && schedules[g].Schedule is not null)
                {
                    _optimizer.Groups[g].Schedule = schedules[g].Schedule;
                    _optimizer.Groups[g].MomentumSchedule = schedules[g].MomentumSchedule;
                }

                foreach (var controller in controllers[g])
                {
                    // The snapshot already put them back when it was taken; without one, attach them again here.
                    if (!_optimizer.Groups[g].Controllers.Contains(controller))
                    {
                        _optimizer.Groups[g].AddController(controller);
                    }
                }
            }
        }

        return new LearningRateFinderResult(Options, rates, losses, smoothed, stop, optimizerSteps);
    }

    private static IOptimizerSnapshot CaptureSnapshot(IOptimizer optimizer) => optimizer switch
    {
        IOptimizer<float> single => single.CaptureSnapshot(),
        _ => ((IOptimizer<double>)optimizer).CaptureSnapshot(),
    };
}
