namespace LearningRate.Tests.Reference;

/// <summary>
/// facebookresearch/schedule_free's <c>AdamWScheduleFreeReference.step</c> (commit 70785b53), transcribed line by line
/// in double, with upstream's own state: the group's k, lr_max (starting at −1) and weight_sum, and per parameter z, x
/// and y (cloned from the parameters on the first step), v (<c>exp_avg_sq</c>, zero) and, with a non-zero
/// <c>inner_momentum</c>, m (<c>exp_avg</c>, zero). Each step:
/// <code>
/// sched = (k + 1)/warmup_steps if k &lt; warmup_steps else 1;   lr = group lr·sched
/// bias_correction2 = 1 − β2^(k+1);   bias_correction1 = 1 − inner_momentum^(k+1)
/// lr_max = max(lr, lr_max);   weight = (k + 1)^r · lr_max^weight_lr_power;   weight_sum += weight
/// ckp1 = weight / weight_sum  (0 on ZeroDivisionError)
/// g ← −g if maximize (the library's option)
/// z ← z − (lr·weight_decay)·(decay_at_z ? z : y)           (if weight_decay ≠ 0)
/// v ← v·β2 + (1 − β2)·g·g;   denom = √(v / bias_correction2) + ε
/// m ← m·inner_momentum + (1 − inner_momentum)·g;  u = m / bias_correction1   (u = g if inner_momentum = 0)
/// z ← z − lr·u/denom;   x ← x·(1 − ckp1) + z·ckp1;   y ← x·β1 + z·(1 − β1);   p ← y;   k += 1
/// </code>
/// Upstream's first line, <c>lr = max(group['lr'], eps)</c>, is overwritten before any use and has no effect. The
/// bias corrections count the group's steps (k), not the parameter's.
/// </summary>
public sealed class ScheduleFreeAdamWReference(ScheduleFreeAdamWSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _z = new double[length];
    private readonly double[] _x = new double[length];
    private readonly double[] _y = new double[length];
    private readonly double[] _expAvgSq = new double[length];
    private readonly double[] _expAvg = new double[length];
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
        var biasCorrection2 = 1 - Math.Pow(settings.Beta2, _k + 1);
        var biasCorrection1 = 1 - Math.Pow(settings.InnerMomentum, _k + 1);
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
                var decayPoint = settings.DecayAtZ ? _z[i] : _y[i];
                _z[i] -= lr * settings.WeightDecay * decayPoint;
            }

            _expAvgSq[i] = (_expAvgSq[i] * settings.Beta2) + ((1 - settings.Beta2) * grad * grad);
            var denom = Math.Sqrt(_expAvgSq[i] / biasCorrection2) + settings.Epsilon;
            var update = grad;
            if (settings.InnerMomentum != 0)
            {
                _expAvg[i] = (_expAvg[i] * settings.InnerMomentum) + ((1 - settings.InnerMomentum) * grad);
                update = _expAvg[i] / biasCorrection1;
            }

            _z[i] += -lr * (update / denom);
            _x[i] = (_x[i] * (1 - ckp1)) + (_z[i] * ckp1);
            _y[i] = (_x[i] * settings.Beta1) + (_z[i] * (1 - settings.Beta1));
            parameters[i] = _y[i];
        }

        _k++;
    }
}
