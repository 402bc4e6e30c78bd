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

    public CyclicSchedule(Shape shape)
        : this(shape, isMomentum: false)
    {
    }

    private CyclicSchedule(Shape shape, bool isMomentum)
    {
        _shape = shape;
        _isMomentum = isMomentum;
        _momentum = isMomentum ? null : new CyclicSchedule(shape, isMomentum: true);
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
        private Shape(double baseLearningRate, double maxLearningRate, double totalSize, double stepRatio, double baseMomentum, double maxMomentum, CyclicMode mode, double gamma, Func<double, double>? scale, CyclicScaleMode scaleMode)
        {
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
            double up = stepSizeUp;
            var total = up + (stepSizeDown ?? stepSizeUp);
            return new Shape(baseLearningRate, maxLearningRate, total, up / total, baseMomentum, maxMomentum, mode, gamma, scale, scaleMode);
        }

        /// <summary>Returns the ramp h ∈ [0, 1] and the amplitude scale f at <paramref name="step"/>, as PyTorch computes them.</summary>
        public (double Height, double Scale) Position(long step)
        {
            var cycle = Math.Floor(1 + (step / TotalSize));
            var x = 1.0 + (step / TotalSize) - cycle;
            var height = x <= StepRatio ? x / StepRatio : (x - 1) / (StepRatio - 1);
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
