namespace LearningRate.Tests.Reference;

/// <summary>
/// One PyTorch param group, as <c>torch.optim.lr_scheduler</c> reads and writes it: <c>lr</c>, <c>initial_lr</c>
/// and the cycled momentum (<c>momentum</c> or <c>betas[0]</c>).
/// </summary>
public sealed class TorchGroup(double lr)
{
    public double Lr { get; set; } = lr;

    public double? InitialLr { get; set; }

    public double Momentum { get; set; } = double.NaN;
}

/// <summary>
/// PyTorch's <c>LRScheduler</c> base, transcribed from torch/optim/lr_scheduler.py for a single param group:
/// the constructor's initial step, the chainable <c>get_lr</c> path of <c>step()</c> and the closed form of
/// <c>_update_lr(epoch)</c>. The subclasses below are the schedulers, each transcribed from its <c>get_lr</c>.
/// These are the independent oracle of the parity tests: they recurse as PyTorch does, so they also carry
/// PyTorch's accumulated rounding.
/// </summary>
public abstract class TorchScheduler(TorchGroup group)
{
    public TorchGroup Group { get; } = group;

    public long LastEpoch { get; set; } = -1;

    public int StepCount { get; set; }

    public bool IsInitial { get; private set; }

    public double BaseLr { get; protected set; }

    /// <summary>
    /// Records the learning rate (and momentum) of each of <paramref name="steps"/> optimizer steps, read before
    /// <c>scheduler.step()</c>; the scheduler is stepped between them (steps − 1 times, as a loop that stops after
    /// its last optimizer step needs no further <c>scheduler.step()</c>).
    /// </summary>
    public static (double[] Lrs, double[] Momenta) Run(TorchGroup group, TorchScheduler scheduler, int steps)
    {
        var lrs = new double[steps];
        var momenta = new double[steps];
        for (var t = 0; t < steps; t++)
        {
            lrs[t] = group.Lr;
            momenta[t] = group.Momentum;
            if (t < steps - 1)
            {
                scheduler.Step();
            }
        }

        return (lrs, momenta);
    }

    public virtual void Step()
    {
        StepCount++;
        UpdateLr(null);
    }

    public void UpdateLr(long? epoch)
    {
        double value;
        if (epoch is null)
        {
            LastEpoch++;
            value = GetLr();
        }
        else
        {
            LastEpoch = epoch.Value;
            value = ClosedForm() ?? GetLr();
        }

        Group.Lr = value;
    }

    public void InitialStep()
    {
        StepCount = 0;
        IsInitial = true;
        Step();
        IsInitial = false;
    }

    /// <summary>The end of <c>LRScheduler.__init__</c> with last_epoch = −1; subclasses call it once their fields are set.</summary>
    protected void Initialize()
    {
        Group.InitialLr ??= Group.Lr;
        BaseLr = Group.InitialLr.Value;
        InitialStep();
    }

    protected abstract double GetLr();

    protected virtual double? ClosedForm() => null;
}

public sealed class TorchLambdaLR : TorchScheduler
{
    private readonly Func<long, double> _lambda;

    public TorchLambdaLR(TorchGroup group, Func<long, double> lambda)
        : base(group)
    {
        _lambda = lambda;
        Initialize();
    }

    protected override double GetLr() => BaseLr * _lambda(LastEpoch);
}

public sealed class TorchMultiplicativeLR : TorchScheduler
{
    private readonly Func<long, double> _lambda;

    public TorchMultiplicativeLR(TorchGroup group, Func<long, double> lambda)
        : base(group)
    {
        _lambda = lambda;
        Initialize();
    }

    protected override double GetLr() => !IsInitial ? Group.Lr * _lambda(LastEpoch) : Group.Lr;
}

public sealed class TorchStepLR : TorchScheduler
{
    private readonly long _stepSize;
    private readonly double _gamma;

    public TorchStepLR(TorchGroup group, long stepSize, double gamma = 0.1)
        : base(group)
    {
        _stepSize = stepSize;
        _gamma = gamma;
        Initialize();
    }

    protected override double GetLr() => LastEpoch == 0 || LastEpoch % _stepSize != 0 ? Group.Lr : Group.Lr * _gamma;

    protected override double? ClosedForm() => BaseLr * Math.Pow(_gamma, LastEpoch / _stepSize);
}

public sealed class TorchMultiStepLR : TorchScheduler
{
    private readonly long[] _milestones;
    private readonly double _gamma;

    public TorchMultiStepLR(TorchGroup group, long[] milestones, double gamma = 0.1)
        : base(group)
    {
        _milestones = milestones;
        _gamma = gamma;
        Initialize();
    }

    protected override double GetLr()
    {
        var count = _milestones.Count(m => m == LastEpoch);
        return count == 0 ? Group.Lr : Group.Lr * Math.Pow(_gamma, count);
    }

    protected override double? ClosedForm() => BaseLr * Math.Pow(_gamma, _milestones.Count(m => m <= LastEpoch));
}

public sealed class TorchConstantLR : TorchScheduler
{
    private readonly double _factor;
    private readonly long _totalIters;

    public TorchConstantLR(TorchGroup group, double factor = 1.0 / 3, long totalIters = 5)
        : base(group)
    {
        _factor = factor;
        _totalIters = totalIters;
        Initialize();
    }

    protected override double GetLr()
    {
        if (LastEpoch == 0)
        {
            return Group.Lr * _factor;
        }

        return LastEpoch != _totalIters ? Group.Lr : Group.Lr * (1.0 / _factor);
    }

    protected override double? ClosedForm() => BaseLr * (_factor + ((LastEpoch >= _totalIters ? 1 : 0) * (1 - _factor)));
}

public sealed class TorchLinearLR : TorchScheduler
{
    private readonly double _start;
    private readonly double _end;
    private readonly long _totalIters;

    public TorchLinearLR(TorchGroup group, double startFactor = 1.0 / 3, double endFactor = 1.0, long totalIters = 5)
        : base(group)
    {
        _start = startFactor;
        _end = endFactor;
        _totalIters = totalIters;
        Initialize();
    }

    protected override double GetLr()
    {
        if (LastEpoch == 0)
        {
            return Group.Lr * _start;
        }

        if (IsInitial || LastEpoch > _totalIters)
        {
            return Group.Lr;
        }

        return Group.Lr * (1.0 + ((_end - _start) / ((_totalIters * _start) + ((LastEpoch - 1) * (_end - _start)))));
    }

    protected override double? ClosedForm() => BaseLr * (_start + ((_end - _start) * Math.Min(_totalIters, LastEpoch) / _totalIters));
}

public sealed class TorchExponentialLR : TorchScheduler
{
    private readonly double _gamma;

    public TorchExponentialLR(TorchGroup group, double gamma)
        : base(group)
    {
        _gamma = gamma;
        Initialize();
    }

    protected override double GetLr() => IsInitial ? Group.Lr : Group.Lr * _gamma;

    protected override double? ClosedForm() => BaseLr * Math.Pow(_gamma, LastEpoch);
}

public sealed class TorchPolynomialLR : TorchScheduler
{
    private readonly long _totalIters;
    private readonly double _power;

    public TorchPolynomialLR(TorchGroup group, long totalIters = 5, double power = 1.0)
        : base(group)
    {
        _totalIters = totalIters;
        _power = power;
        Initialize();
    }

    protected override double GetLr()
    {
        if (IsInitial || LastEpoch > _totalIters)
        {
            return Group.Lr;
        }

        var decay = Math.Pow((1.0 - ((double)LastEpoch / _totalIters)) / (1.0 - ((double)(LastEpoch - 1) / _totalIters)), _power);
        return Group.Lr * decay;
    }

    protected override double? ClosedForm() => BaseLr * Math.Pow(1.0 - ((double)Math.Min(_totalIters, LastEpoch) / _totalIters), _power);
}

public sealed class TorchCosineAnnealingLR : TorchScheduler
{
    private readonly long _tMax;
    private readonly double _etaMin;

    public TorchCosineAnnealingLR(TorchGroup group, long tMax, double etaMin = 0)
        : base(group)
    {
        _tMax = tMax;
        _etaMin = etaMin;
        Initialize();
    }

    protected override double GetLr()
    {
        if (IsInitial)
        {
            return Group.Lr;
        }

        if (StepCount == 1 && LastEpoch > 0)
        {
            return _etaMin + ((BaseLr - _etaMin) * (1 + Math.Cos(LastEpoch * Math.PI / _tMax)) / 2);
        }

        // Python's % is a floored modulo; (LastEpoch − 1 − T_max) is negative before the first trough.
        var offset = LastEpoch - 1 - _tMax;
        if (((offset % (2 * _tMax)) + (2 * _tMax)) % (2 * _tMax) == 0)
        {
            return Group.Lr + ((BaseLr - _etaMin) * (1 - Math.Cos(Math.PI / _tMax)) / 2);
        }

        return ((1 + Math.Cos(Math.PI * LastEpoch / _tMax)) / (1 + Math.Cos(Math.PI * (LastEpoch - 1) / _tMax)) * (Group.Lr - _etaMin)) + _etaMin;
    }

    protected override double? ClosedForm() => _etaMin + ((BaseLr - _etaMin) * (1 + Math.Cos(Math.PI * LastEpoch / _tMax)) / 2);
}

public sealed class TorchCosineAnnealingWarmRestarts : TorchScheduler
{
    private readonly long _t0;
    private readonly long _tMult;
    private readonly double _etaMin;
    private long _tI;
    private long _tCur;

    public TorchCosineAnnealingWarmRestarts(TorchGroup group, long t0, long tMult = 1, double etaMin = 0)
        : base(group)
    {
        _t0 = t0;
        _tI = t0;
        _tMult = tMult;
        _etaMin = etaMin;
        _tCur = -1;
        Initialize();
    }

    public override void Step()
    {
        StepCount++;
        long epoch;
        if (LastEpoch < 0)
        {
            epoch = 0;
            _tI = _t0;
            _tCur = epoch;
        }
        else
        {
            epoch = LastEpoch + 1;
            _tCur++;
            if (_tCur >= _tI)
            {
                _tCur %= _tI;
                _tI *= _tMult;
            }
        }

        LastEpoch = epoch;
        Group.Lr = GetLr();
    }

    protected override double GetLr() => _etaMin + ((BaseLr - _etaMin) * (1 + Math.Cos(Math.PI * _tCur / _tI)) / 2);
}

public sealed class TorchCyclicLR : TorchScheduler
{
    private readonly double _baseLr;
    private readonly double _maxLr;
    private readonly double _totalSize;
    private readonly double _stepRatio;
    private readonly Func<double, double> _scale;
    private readonly bool _scaleByCycle;
    private readonly double _baseMomentum;
    private readonly double _maxMomentum;

    /// <param name="mode">"triangular", "triangular2", "exp_range", or null with <paramref name="scaleFn"/>.</param>
    public TorchCyclicLR(TorchGroup group, double baseLr, double maxLr, long stepSizeUp = 2000, long? stepSizeDown = null, string? mode = "triangular", double gamma = 1.0, Func<double, double>? scaleFn = null, string scaleMode = "cycle", double baseMomentum = 0.8, double maxMomentum = 0.9)
        : base(group)
    {
        group.Lr = baseLr;
        _baseLr = baseLr;
        _maxLr = maxLr;
        double up = stepSizeUp;
        double down = stepSizeDown ?? stepSizeUp;
        _totalSize = up + down;
        _stepRatio = up / _totalSize;
        if (scaleFn is not null)
        {
            _scale = scaleFn;
            _scaleByCycle = scaleMode == "cycle";
        }
        else
        {
            (_scale, _scaleByCycle) = mode switch
            {
                "triangular" => ((Func<double, double>)(_ => 1.0), true),
                "triangular2" => (x => 1 / Math.Pow(2.0, x - 1), true),
                "exp_range" => (x => Math.Pow(gamma, x), false),
                _ => throw new ArgumentException(mode, nameof(mode)),
            };
        }

        _baseMomentum = baseMomentum;
        _maxMomentum = maxMomentum;
        group.Momentum = maxMomentum;
        Initialize();
    }

    protected override double GetLr()
    {
        var cycle = Math.Floor(1 + (LastEpoch / _totalSize));
        var x = 1.0 + (LastEpoch / _totalSize) - cycle;
        var scaleFactor = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        var f = _scaleByCycle ? _scale(cycle) : _scale(LastEpoch);
        var lr = _baseLr + ((_maxLr - _baseLr) * scaleFactor * f);
        Group.Momentum = _maxMomentum - ((_maxMomentum - _baseMomentum) * scaleFactor * f);
        return lr;
    }
}

public sealed class TorchOneCycleLR : TorchScheduler
{
    private readonly long _totalSteps;
    private readonly bool _cosine;
    private readonly (double End, double StartLr, double EndLr, double StartMomentum, double EndMomentum)[] _phases;

    public TorchOneCycleLR(TorchGroup group, double maxLr, long totalSteps, double pctStart = 0.3, string annealStrategy = "cos", double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25.0, double finalDivFactor = 1e4, bool threePhase = false)
        : base(group)
    {
        _totalSteps = totalSteps;
        _cosine = annealStrategy == "cos";
        var initial = maxLr / divFactor;
        var min = initial / finalDivFactor;
        _phases = threePhase
            ?
            [
                ((pctStart * totalSteps) - 1, initial, maxLr, maxMomentum, baseMomentum),
                ((2 * pctStart * totalSteps) - 2, maxLr, initial, baseMomentum, maxMomentum),
                (totalSteps - 1, initial, min, maxMomentum, maxMomentum),
            ]
            :
            [
                ((pctStart * totalSteps) - 1, initial, maxLr, maxMomentum, baseMomentum),
                (totalSteps - 1, maxLr, min, baseMomentum, maxMomentum),
            ];
        group.InitialLr = initial;
        group.Momentum = maxMomentum;
        Initialize();
    }

    protected override double GetLr()
    {
        var stepNum = LastEpoch;
        if (stepNum > _totalSteps)
        {
            throw new InvalidOperationException($"Tried to step {stepNum} times. The specified number of total steps is {_totalSteps}");
        }

        var start = 0.0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            if (stepNum <= phase.End || i == _phases.Length - 1)
            {
                var pct = (stepNum - start) / (phase.End - start);
                Group.Momentum = Anneal(phase.StartMomentum, phase.EndMomentum, pct);
                return Anneal(phase.StartLr, phase.EndLr, pct);
            }

            start = phase.End;
        }

        throw new InvalidOperationException("unreachable");
    }

    private double Anneal(double start, double end, double pct) =>
        _cosine ? end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)) : ((end - start) * pct) + start;
}

/// <summary><c>SequentialLR</c>: reset to initial_lr, undo the children's initial steps, re-step the first; switch by <c>_update_lr(0)</c>.</summary>
public sealed class TorchSequentialLR : TorchScheduler
{
    private readonly TorchScheduler[] _schedulers;
    private readonly long[] _milestones;

    public TorchSequentialLR(TorchGroup group, TorchScheduler[] schedulers, long[] milestones)
        : base(group)
    {
        _schedulers = schedulers;
        _milestones = milestones;
        LastEpoch = 0;
        group.Lr = group.InitialLr!.Value;
        foreach (var scheduler in schedulers)
        {
            scheduler.LastEpoch--;
        }

        schedulers[0].InitialStep();
    }

    public override void Step()
    {
        LastEpoch++;
        var index = _milestones.Count(m => m <= LastEpoch);
        var scheduler = _schedulers[index];
        if (index > 0 && _milestones[index - 1] == LastEpoch)
        {
            scheduler.UpdateLr(0);
        }
        else
        {
            scheduler.Step();
        }
    }

    protected override double GetLr() => throw new NotSupportedException();
}

/// <summary><c>ChainedScheduler</c>: every child steps in turn on the shared group.</summary>
public sealed class TorchChainedScheduler(TorchGroup group, TorchScheduler[] schedulers) : TorchScheduler(group)
{
    public override void Step()
    {
        foreach (var scheduler in schedulers)
        {
            scheduler.Step();
        }
    }

    protected override double GetLr() => throw new NotSupportedException();
}
