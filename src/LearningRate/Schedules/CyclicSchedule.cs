namespace LearningRate.Schedules;

/// <summary>
/// Smith's cyclical learning rate in PyTorch CyclicLR's order of operations, and its inverse momentum companion
/// (the same <see cref="Shape"/>, read as momentum).
/// </summary>
internal sealed class CyclicSchedule : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "cyclic";

    private readonly Shape _shape;
    private readonly bool _isMomentum;
    private readonly CyclicSchedule? _momentum;

    public CyclicSchedule(Shape shape, bool cycleMomentum)
        : this(shape, isMomentum: false, cycleMomentum)
    {
    }

    private CyclicSchedule(Shape shape, bool isMomentum, bool cycleMomentum)
    {
        _shape = shape;
        _isMomentum = isMomentum;
        _momentum = isMomentum || !cycleMomentum ? null : new CyclicSchedule(shape, isMomentum: true, cycleMomentum: false);
    }

    public override Schedule? Momentum => _momentum;

    private protected override double Evaluate(long step)
    {
        var (height, scale) = _shape.Position(step);
        return _isMomentum ? _shape.MaxMomentum - (height * (_shape.MaxMomentum - _shape.BaseMomentum) * scale) : _shape.BaseLearningRate + (height * (_shape.MaxLearningRate - _shape.BaseLearningRate) * scale);
    }

    /// <summary>The validated parameters of one cyclic schedule, shared by its learning-rate and momentum views.</summary>
    internal sealed class Shape
    {
        /// <summary>2⁵³: up to here a double holds every step and cycle length exactly, and PyTorch's arithmetic is used.</summary>
        private const long ExactInDouble = 1L << 53;

        private readonly long _up;
        private readonly long _down;
        private readonly ulong _total;

        private Shape(double baseLearningRate, double maxLearningRate, long up, long down, double baseMomentum, double maxMomentum, CyclicMode mode, double gamma, Func<double, double>? scale, CyclicScaleMode scaleMode)
        {
            _up = up;
            _down = down;
            _total = (ulong)up + (ulong)down;
            double totalSize = (double)up + down;
            var stepRatio = up / totalSize;
            BaseLearningRate = baseLearningRate;
            MaxLearningRate = maxLearningRate;
            TotalSize = totalSize;
            StepRatio = stepRatio;
            BaseMomentum = baseMomentum;
            MaxMomentum = maxMomentum;
            Mode = mode;
            Gamma = gamma;
            Scale = scale;
            ScaleMode = scaleMode;
        }

        public double BaseLearningRate { get; }

        public double MaxLearningRate { get; }

        public double TotalSize { get; }

        public double StepRatio { get; }

        public double BaseMomentum { get; }

        public double MaxMomentum { get; }

        public CyclicMode Mode { get; }

        public double Gamma { get; }

        public Func<double, double>? Scale { get; }

        public CyclicScaleMode ScaleMode { get; }

        public static Shape Create(double baseLearningRate, double maxLearningRate, long stepSizeUp, long? stepSizeDown, double baseMomentum, double maxMomentum, CyclicMode mode, double gamma, Func<double, double>? scale, CyclicScaleMode scaleMode)
        {
            ScheduleArguments.NonNegative(baseLearningRate, nameof(baseLearningRate));
            ScheduleArguments.NonNegative(maxLearningRate, nameof(maxLearningRate));
            ScheduleArguments.Positive(stepSizeUp, nameof(stepSizeUp));
            if (stepSizeDown is long down)
            {
                ScheduleArguments.Positive(down, nameof(stepSizeDown));
            }

            ScheduleArguments.NonNegative(baseMomentum, nameof(baseMomentum));
            ScheduleArguments.NonNegative(maxMomentum, nameof(maxMomentum));
            return new Shape(baseLearningRate, maxLearningRate, stepSizeUp, stepSizeDown ?? stepSizeUp, baseMomentum, maxMomentum, mode, gamma, scale, scaleMode);
        }

        /// <summary>
        /// Returns the ramp h ∈ [0, 1] and the amplitude scale f at <paramref name="step"/>: as PyTorch computes them
        /// while the step and the cycle length are exact in a double (below 2⁵³), and from the integer quotient and
        /// remainder of the step beyond, where dividing the rounded step would misplace it in its cycle.
        /// </summary>
        public (double Height, double Scale) Position(long step)
        {
            double cycle, height;
            if (step <= ExactInDouble && _total <= ExactInDouble)
            {
                cycle = Math.Floor(1 + (step / TotalSize));
                var x = 1.0 + (step / TotalSize) - cycle;
                height = x <= StepRatio ? x / StepRatio : (x - 1) / (StepRatio - 1);
            }
            else
            {
                // The same ramp with exact x = r/S: x/ratio = r/up rising, (x − 1)/(ratio − 1) = (S − r)/down falling.
                var remainder = (ulong)step % _total;
                cycle = (double)(((ulong)step / _total) + 1);
                height = remainder <= (ulong)_up ? (double)remainder / _up : (double)(_total - remainder) / _down;
            }

            var argument = ScaleMode == CyclicScaleMode.Cycle ? cycle : step;
            var scale = Scale is { } custom ? custom(argument) : Mode switch
            {
                CyclicMode.Triangular2 => 1 / Math.Pow(2.0, argument - 1),
                CyclicMode.ExpRange => Math.Pow(Gamma, argument),
                _ => 1.0,
            };
            return (height, scale);
        }
    }
}
