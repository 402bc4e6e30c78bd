namespace LearningRate.Schedules;

/// <summary>
/// PyTorch's OneCycleLR as a closed form of the step: phases ending at fractional steps, cosine or linear
/// annealing in PyTorch's order of operations, and the inverse momentum companion. Horizon T − 1.
/// </summary>
internal sealed class OneCycleSchedule : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "one-cycle";

    private readonly Shape _shape;
    private readonly bool _isMomentum;
    private readonly OneCycleSchedule? _momentum;

    public OneCycleSchedule(Shape shape, AfterEnd afterEnd, bool cycleMomentum)
        : this(shape, afterEnd, isMomentum: false, cycleMomentum)
    {
    }

    private OneCycleSchedule(Shape shape, AfterEnd afterEnd, bool isMomentum, bool cycleMomentum)
        : base(shape.TotalSteps - 1, afterEnd)
    {
        _shape = shape;
        _isMomentum = isMomentum;
        _momentum = isMomentum || !cycleMomentum ? null : new OneCycleSchedule(shape, afterEnd, isMomentum: true, cycleMomentum: false);
    }

    public override Schedule? Momentum => _momentum;

    private protected override double Evaluate(long step)
    {
        var ends = _shape.PhaseEnds;
        var values = _isMomentum ? _shape.PhaseMomenta : _shape.PhaseLearningRates;
        var start = 0.0;
        for (var i = 0; ; i++)
        {
            var end = ends[i];
            if (step <= end || i == ends.Length - 1)
            {
                var progress = (step - start) / (end - start);
                return _shape.Annealing == Annealing.Cosine
                    ? values[i + 1] + ((values[i] - values[i + 1]) / 2.0 * (Math.Cos(Math.PI * progress) + 1))
                    : ((values[i + 1] - values[i]) * progress) + values[i];
            }

            start = end;
        }
    }

    /// <summary>The validated phases, shared by the learning-rate and momentum views.</summary>
    internal sealed class Shape
    {
        private Shape(long totalSteps, Annealing annealing, double[] phaseEnds, double[] phaseLearningRates, double[] phaseMomenta)
        {
            TotalSteps = totalSteps;
            Annealing = annealing;
            PhaseEnds = phaseEnds;
            PhaseLearningRates = phaseLearningRates;
            PhaseMomenta = phaseMomenta;
        }

        public long TotalSteps { get; }

        public Annealing Annealing { get; }

        /// <summary>Gets the fractional end step of each phase.</summary>
        public double[] PhaseEnds { get; }

        /// <summary>Gets the learning rate at the start of each phase and, last, at the end of the last one.</summary>
        public double[] PhaseLearningRates { get; }

        /// <summary>Gets the momentum at the start of each phase and, last, at the end of the last one.</summary>
        public double[] PhaseMomenta { get; }

        public static Shape Create(double maxLearningRate, long totalSteps, double pctStart, Annealing annealing, double divFactor, double finalDivFactor, bool threePhase, double baseMomentum, double maxMomentum)
        {
            ScheduleArguments.NonNegative(maxLearningRate, nameof(maxLearningRate));
            ScheduleArguments.Positive(totalSteps, nameof(totalSteps));
            if (!(pctStart >= 0 && pctStart <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, $"pctStart must be in [0, 1]; got {pctStart}.");
            }

            if (annealing is not (Annealing.Cosine or Annealing.Linear))
            {
                throw new ArgumentOutOfRangeException(nameof(annealing), annealing, "annealing must be Cosine or Linear.");
            }

            ScheduleArguments.Positive(divFactor, nameof(divFactor));
            ScheduleArguments.Positive(finalDivFactor, nameof(finalDivFactor));
            ScheduleArguments.NonNegative(baseMomentum, nameof(baseMomentum));
            ScheduleArguments.NonNegative(maxMomentum, nameof(maxMomentum));

            // PyTorch's phase ends, as floats: pct·T − 1 (and 2·pct·T − 2), then T − 1.
            var initial = maxLearningRate / divFactor;
            var minimum = initial / finalDivFactor;
            double[] ends = threePhase
                ? [(pctStart * totalSteps) - 1, (2 * pctStart * totalSteps) - 2, totalSteps - 1]
                : [(pctStart * totalSteps) - 1, totalSteps - 1];
            var previous = 0.0;
            foreach (var end in ends)
            {
                // An empty phase divides 0 by 0 in PyTorch (ZeroDivisionError); say why here instead.
                if (!(end > previous))
                {
                    throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, $"pctStart = {pctStart} with totalSteps = {totalSteps} leaves a phase without steps (phase ends {string.Join(", ", ends)}); need pctStart·totalSteps > 1 and a last phase after it.");
                }

                previous = end;
            }

            double[] learningRates = threePhase ? [initial, maxLearningRate, initial, minimum] : [initial, maxLearningRate, minimum];
            double[] momenta = threePhase ? [maxMomentum, baseMomentum, maxMomentum, maxMomentum] : [maxMomentum, baseMomentum, maxMomentum];
            return new Shape(totalSteps, annealing, ends, learningRates, momenta);
        }
    }
}
