using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;

namespace LearningRate.Tests.Infrastructure;

/// <summary>
/// A plain SGD written outside the library over any element type, through the public <see cref="IOptimizer{T}"/> contract
/// only: θ ← T(double(θ) − γ·double(g)), one rounding per element. The 16-bit optimizers of the library come later; the
/// training tools must already work with a user's own, and their tests drive them with this one.
/// </summary>
/// <typeparam name="T">The element type (Half, BFloat16, float, double, ...).</typeparam>
public sealed class StorageSgd<T>(double learningRate) : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Group _group = new(learningRate);
    private readonly List<IParameter<T>> _parameters = [];

    public long StepCount { get; private set; }

    public IReadOnlyList<IParameterGroup> Groups => [_group];

    public IReadOnlyList<IParameter<T>> Parameters => _parameters;

    public NonFinitePolicy NonFiniteGradients { get; set; } = NonFinitePolicy.Propagate;

    public int MaxConsecutiveSkips { get; set; }

    public int ConsecutiveSkips => 0;

    public StorageSgd<T> Add(string name, T[] value, T[] gradient)
    {
        _parameters.Add(new Parameter(name, value, gradient));
        return this;
    }

    public StepReport Step()
    {
        var rate = _group.NextLearningRate;
        foreach (var parameter in _parameters)
        {
            var value = parameter.Value.Span;
            var gradient = parameter.Gradient.Span;
            for (var i = 0; i < value.Length; i++)
            {
                value[i] = T.CreateTruncating(double.CreateTruncating(value[i]) - (rate * double.CreateTruncating(gradient[i])));
            }
        }

        StepCount++;
        return new StepReport(StepStatus.Applied, rate, double.NaN, null);
    }

    public void ZeroGrad() => _parameters.ForEach(p => p.Gradient.Span.Clear());

    public IOptimizerSnapshot CaptureSnapshot() => throw new NotSupportedException();

    private sealed record Parameter(string Name, Memory<T> Value, Memory<T> Gradient) : IParameter<T>;

    private sealed class Group(double learningRate) : IParameterGroup
    {
        public OptimizerOptions Options { get; } = new SgdOptions { LearningRate = learningRate };

        public double LearningRate { get; set; } = learningRate;

        public ILearningRateSchedule? Schedule { get; set; }

        public ILearningRateSchedule? MomentumSchedule { get; set; }

        public IReadOnlyList<ILearningRateController> Controllers => [];

        public double NextLearningRate => LearningRate;

        public double? LastLearningRate => null;

        public int Count => 1;

        public void AddController(ILearningRateController controller) => throw new NotSupportedException();

        public bool RemoveController(ILearningRateController controller) => throw new NotSupportedException();
    }
}
