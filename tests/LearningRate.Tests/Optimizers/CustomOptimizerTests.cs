using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;
using LearningRate.Training;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// The training tools see an optimizer only through the public <see cref="IOptimizer{T}"/> contract: an
/// optimizer written outside the library (a plain SGD here, with its own parameter and group types) works
/// with gradient clipping, accumulation and the learning-rate range test, with the library's own numbers.
/// </summary>
public class CustomOptimizerTests
{
    [Fact]
    public void Clipping_ScalesTheCustomOptimizersGradients_AsTheLibrarysOwn()
    {
        var custom = new PlainSgd(0.1);
        double[] a = [3, 0], b = [0, 4];
        custom.Add("a", new double[2], a);
        custom.Add("b", new double[2], b);
        var norm = GradientClipping.ClipByNorm(custom, maxNorm: 1);
        norm.Should().Be(5);
        var scale = 1 / (5 + 1e-6);
        a.Should().Equal(3 * scale, 0);
        b.Should().Equal(0, 4 * scale);
    }

    [Fact]
    public void Accumulation_StepsTheCustomOptimizerOnTheWeightedMean()
    {
        var custom = new PlainSgd(0.5);
        double[] value = [1, 1], gradient = new double[2];
        custom.Add("w", value, gradient);
        var accumulator = new GradientAccumulator<double>(custom, microBatches: 2);
        gradient[0] = 2;
        gradient[1] = 4;
        accumulator.Accumulate(weight: 1).Status.Should().Be(StepStatus.Deferred);
        gradient[0] = 6;
        gradient[1] = 0;
        accumulator.Accumulate(weight: 3).Status.Should().Be(StepStatus.Applied);

        // Weighted mean (1·g₁ + 3·g₂)/4 = [5, 1]; θ ← θ − 0.5·mean.
        value.Should().Equal(1 - (0.5 * 5), 1 - (0.5 * 1));
        custom.StepCount.Should().Be(1);
    }

    [Fact]
    public void RangeTest_SweepsTheCustomOptimizer_AndRestoresIt()
    {
        var custom = new PlainSgd(0.01);
        double[] value = [2], gradient = [0];
        custom.Add("w", value, gradient);
        var finder = new LearningRateFinder(custom, new LearningRateFinderOptions { StartLearningRate = 1e-4, EndLearningRate = 1, Steps = 20, Smoothing = 0 });
        var seen = new List<double>();
        var result = finder.Run(rate =>
        {
            seen.Add(custom.Groups[0].LearningRate);
            gradient[0] = 2 * value[0];
            var loss = value[0] * value[0];
            custom.Step();
            return loss;
        });

        result.LearningRates.Should().HaveCount(seen.Count);
        seen.Should().Equal(result.LearningRates, "the sweep sets the custom group's rate before each step");
        value.Should().Equal(2);
        gradient.Should().Equal(0);
        custom.StepCount.Should().Be(0);
        custom.Groups[0].LearningRate.Should().Be(0.01);
    }

    /// <summary>θ ← θ − γ·g over registered arrays: everything a user's optimizer needs to implement.</summary>
    private sealed class PlainSgd(double learningRate) : IOptimizer<double>
    {
        private readonly PlainGroup _group = new(learningRate);
        private readonly List<IParameter<double>> _parameters = [];

        public long StepCount { get; private set; }

        public IReadOnlyList<IParameterGroup> Groups => [_group];

        public IReadOnlyList<IParameter<double>> Parameters => _parameters;

        public NonFinitePolicy NonFiniteGradients { get; set; } = NonFinitePolicy.Propagate;

        public int MaxConsecutiveSkips { get; set; }

        public int ConsecutiveSkips => 0;

        public void Add(string name, double[] value, double[] gradient) => _parameters.Add(new PlainParameter(name, value, gradient));

        public StepReport Step()
        {
            var rate = _group.NextLearningRate;
            foreach (var parameter in _parameters)
            {
                var value = parameter.Value.Span;
                var gradient = parameter.Gradient.Span;
                for (var i = 0; i < value.Length; i++)
                {
                    value[i] -= rate * gradient[i];
                }
            }

            StepCount++;
            return new StepReport(StepStatus.Applied, rate, double.NaN, null);
        }

        public void ZeroGrad() => _parameters.ForEach(p => p.Gradient.Span.Clear());

        public IOptimizerSnapshot CaptureSnapshot() => new Snapshot(this);

        private sealed class Snapshot(PlainSgd owner) : IOptimizerSnapshot
        {
            private readonly long _step = owner.StepCount;
            private readonly double _rate = owner._group.LearningRate;
            private readonly (double[] Value, double[] Gradient)[] _copies = [.. owner._parameters.Select(p => (p.Value.ToArray(), p.Gradient.ToArray()))];

            public void Restore()
            {
                owner.StepCount = _step;
                owner._group.LearningRate = _rate;
                for (var i = 0; i < _copies.Length; i++)
                {
                    _copies[i].Value.CopyTo(owner._parameters[i].Value);
                    _copies[i].Gradient.CopyTo(owner._parameters[i].Gradient);
                }
            }
        }
    }

    private sealed record PlainParameter(string Name, Memory<double> Value, Memory<double> Gradient) : IParameter<double>;

    private sealed class PlainGroup(double learningRate) : IParameterGroup
    {
        private readonly List<ILearningRateController> _controllers = [];

        public OptimizerOptions Options { get; } = new SgdOptions { LearningRate = learningRate };

        public double LearningRate { get; set; } = learningRate;

        public ILearningRateSchedule? Schedule { get; set; }

        public ILearningRateSchedule? MomentumSchedule { get; set; }

        public IReadOnlyList<ILearningRateController> Controllers => _controllers;

        public double NextLearningRate => _controllers.Aggregate(LearningRate, (rate, c) => rate * c.Scale);

        public double? LastLearningRate => null;

        public int Count => 1;

        public void AddController(ILearningRateController controller) => _controllers.Add(controller);

        public bool RemoveController(ILearningRateController controller) => _controllers.Remove(controller);
    }
}
