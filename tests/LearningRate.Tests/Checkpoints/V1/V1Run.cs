using System.Numerics;
using System.Runtime.InteropServices;
using LearningRate.Controllers;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Checkpoints.V1;

/// <summary>
/// One deterministic training run behind a version-1 checkpoint file: fixed starting values, a gradient that
/// is a closed form of the values (arithmetic only, no transcendental call, so every machine computes the
/// same bits), and a scripted metric reported to every attached controller after each step.
/// </summary>
/// <remarks>
/// Built twice by the test: as the reference (<c>forLoading: false</c>, started from the fixed values and
/// stepped in process) and as the target of a load (<c>forLoading: true</c>, every parameter registered at
/// once over other values, so only the checkpoint can make it match). The generator builds the reference and saves it.
/// </remarks>
public sealed class V1Run
{
    /// <summary>The quad problem's curvatures and centres (/work/shared/golden), cycled over longer parameters.</summary>
    private static readonly double[] s_a = [0.5, 0.8, 1.0, 1.3, 1.6, 2.0, 0.7, 1.1];
    private static readonly double[] s_c = [1.0, -0.5, 2.0, 0.3, -1.5, 0.8, -2.2, 1.7];
    private static readonly double[] s_x0 = [-1.0, 1.5, 0.0, 2.5, 1.0, -1.2, 0.4, -0.6];

    /// <summary>The metric reported after step t (0-based): a fall, a plateau that triggers a plateau cut, a rise that a bold driver rejects.</summary>
    private static readonly double[] s_metrics = [1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.76, 0.6, 0.65, 0.66, 0.67, 0.5, 0.55, 0.4];

    private readonly bool _forLoading;
    private readonly List<(long At, Action Register)> _late = [];
    private readonly List<(long At, Action Action)> _hooks = [];
    private readonly List<Action> _gradients = [];
    private readonly List<Func<string>> _describers = [];

    /// <summary>Initializes a run over <paramref name="optimizer"/>, which has its groups, schedules and controllers but no parameter yet.</summary>
    public V1Run(IOptimizer optimizer, bool forLoading)
    {
        Optimizer = optimizer;
        _forLoading = forLoading;
    }

    /// <summary>Gets the optimizer.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>
    /// Registers a parameter of <paramref name="length"/> elements through <paramref name="add"/> (an optimizer's or a
    /// group's <c>Add</c>), before the step with index <paramref name="registeredAt"/> (a run built for loading registers it at once).
    /// </summary>
    public V1Run Add<T>(Func<string, Memory<T>, Memory<T>, Parameter<T>> add, string name, int length, long registeredAt = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new T[length];
        var gradient = new T[length];
        for (var i = 0; i < length; i++)
        {
            value[i] = T.CreateTruncating(_forLoading ? 0.25 : s_x0[i % 8] + (0.01 * (i / 8)));
        }

        void Register()
        {
            var parameter = add(name, value, gradient);
            _gradients.Add(() => WriteGradient(parameter));
            _describers.Add(() => Describe(parameter));
        }

        if (_forLoading || registeredAt == 0)
        {
            Register();
        }
        else
        {
            _late.Add((registeredAt, Register));
        }

        return this;
    }

    /// <summary>Runs <paramref name="action"/> just before the step with index <paramref name="step"/> (a change of the caller's, such as a new learning rate).</summary>
    public V1Run Before(long step, Action action)
    {
        _hooks.Add((step, action));
        return this;
    }

    /// <summary>One iteration: due registrations and changes, the gradients, the step, then the metric to every controller.</summary>
    public void Step()
    {
        var step = Optimizer.StepCount;
        foreach (var (_, register) in _late.Where(l => l.At == step))
        {
            register();
        }

        foreach (var (_, action) in _hooks.Where(h => h.At == step))
        {
            action();
        }

        foreach (var gradient in _gradients)
        {
            gradient();
        }

        Optimizer.Step();
        var metric = s_metrics[step % s_metrics.Length];
        foreach (var group in Optimizer.Groups)
        {
            foreach (var controller in group.Controllers)
            {
                switch (controller)
                {
                    case ReduceOnPlateau plateau:
                        plateau.Report(metric);
                        break;
                    case BoldDriver driver:
                        driver.Report(metric);
                        break;
                }
            }
        }
    }

    /// <summary>Each registered parameter as name, step count and the raw bits of its values, in registration order.</summary>
    public IReadOnlyList<string> DescribeParameters() => [.. _describers.Select(d => d())];

    /// <summary>g = 2a(x − c) + 0.3·x/(1 + x²), in double, evaluated left to right.</summary>
    private static void WriteGradient<T>(Parameter<T> parameter)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = parameter.Value.Span;
        var gradient = parameter.Gradient.Span;
        for (var i = 0; i < value.Length; i++)
        {
            var x = double.CreateTruncating(value[i]);
            gradient[i] = T.CreateTruncating((2.0 * s_a[i % 8] * (x - s_c[i % 8])) + (0.3 * x / (1.0 + (x * x))));
        }
    }

    private static string Describe<T>(Parameter<T> parameter)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        $"{parameter.Name} step {parameter.StepCount} {Convert.ToHexString(MemoryMarshal.AsBytes(parameter.Value.Span))}";
}
