namespace LearningRate.Tests.Reference;

/// <summary>
/// facebookresearch/schedule_free's <c>SGDScheduleFreeReference.step</c> (commit 70785b53), transcribed line by line in
/// double, with upstream's own state: the group's k, lr_max (starting at −1) and weight_sum, and per parameter z, x and
/// y, cloned from the parameters on the first step. Each step:
/// <code>
/// sched = (k + 1)/warmup_steps if k &lt; warmup_steps else 1;   lr = group lr·sched
/// lr_max = max(lr, lr_max);   weight = (k + 1)^r · lr_max^weight_lr_power;   weight_sum += weight
/// ckp1 = weight / weight_sum  (0 on ZeroDivisionError)
/// g ← −g if maximize (the library's option);   g ← g + weight_decay·y
/// z ← z − lr·g;   x ← x·(1 − ckp1) + z·ckp1;   y ← x·momentum + z·(1 − momentum);   p ← y;   k += 1
/// </code>
/// The weight decay reads the stored y, not the parameters (they agree unless something else writes the parameters).
/// </summary>
public sealed class ScheduleFreeSgdReference(ScheduleFreeSgdSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _z = new double[length];
    private readonly double[] _x = new double[length];
    private readonly double[] _y = new double[length];
    private bool _started;
    private int _k;
    private double _lrMax = -1.0;
    private double _weightSum;

    /// <summary>Gets or sets the group lr the next step reads (a scheduler may change it between steps).</summary>
    public double LearningRate { get; set; } = settings.LearningRate;

    /// <summary>Gets the evaluation sequence x (upstream <c>state['x']</c>).</summary>
    public IReadOnlyList<double> X => _x;

    /// <summary>Gets the training sequence y (upstream <c>state['y']</c>).</summary>
    public IReadOnlyList<double> Y => _y;

    /// <summary>Gets the base sequence z (upstream <c>state['z']</c>).</summary>
    public IReadOnlyList<double> Z => _z;

    /// <summary>Gets lr_max after the last step (upstream <c>group['lr_max']</c>).</summary>
    public double LearningRateMax => _lrMax;

    public void Step(double[] parameters, double[] gradients)
    {
        var sched = _k < settings.WarmupSteps ? (double)(_k + 1) / settings.WarmupSteps : 1.0;
        var lr = LearningRate * sched;
        _lrMax = Math.Max(lr, _lrMax);
        var weight = Math.Pow(_k + 1, settings.R) * Math.Pow(_lrMax, settings.WeightLearningRatePower);
        _weightSum += weight;
        var ckp1 = _weightSum == 0 ? 0 : weight / _weightSum;
        if (!_started)
        {
            parameters.CopyTo(_z, 0);
            parameters.CopyTo(_x, 0);
            parameters.CopyTo(_y, 0);
            _started = true;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = settings.Maximize ? -gradients[i] : gradients[i];
            if (settings.WeightDecay != 0)
            {
                grad += settings.WeightDecay * _y[i];
            }

            _z[i] -= lr * grad;
            _x[i] = (_x[i] * (1 - ckp1)) + (_z[i] * ckp1);
            _y[i] = (_x[i] * settings.Momentum) + (_z[i] * (1 - settings.Momentum));
            parameters[i] = _y[i];
        }

        _k++;
    }
}
