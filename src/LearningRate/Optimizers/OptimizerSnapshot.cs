using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// The copy behind <see cref="Optimizer{T, TOptions}.CaptureSnapshot"/>: per parameter its values, gradient,
/// state (every declared buffer and scalar; a buffer absent at capture is absent again after restore) and step
/// count; per group its options, learning-rate binding and group-wide state; and the optimizer's state, step
/// count and count of consecutive skipped steps (so a range test cannot change when MaxConsecutiveSkips throws).
/// Parameters registered after the capture are left as they are.
/// </summary>
internal sealed class OptimizerSnapshot<T, TOptions> : IOptimizerSnapshot
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    private readonly Optimizer<T, TOptions> _optimizer;
    private readonly long _stepCount;
    private readonly int _consecutiveSkips;
    private readonly StateImage _state;
    private readonly GroupCopy[] _groups;

    public OptimizerSnapshot(Optimizer<T, TOptions> optimizer)
    {
        _optimizer = optimizer;
        _stepCount = optimizer.StepCount;
        _consecutiveSkips = optimizer.ConsecutiveSkips;
        _state = optimizer.OptimizerState.Capture();
        _groups = [.. optimizer.Groups.Select(group => new GroupCopy(
            group,
            group.Options,
            group.CaptureBinding(),
            group.State.Capture(),
            [.. group.Parameters.Select(p => new ParameterCopy(p, p.Value.ToArray(), p.Gradient.ToArray(), p.Block.Capture(), p.StepCount))]))];
    }

    public void Restore()
    {
        foreach (var group in _groups)
        {
            if (!ReferenceEquals(group.Group.Options, group.Options))
            {
                group.Group.Options = group.Options;
            }

            // The whole binding, not the LearningRate property: setting that would unbind a schedule.
            group.Group.RestoreBinding(group.Binding);
            group.Group.State.Restore(group.State);
            foreach (var copy in group.Parameters)
            {
                copy.Value.CopyTo(copy.Parameter.Value);
                copy.Gradient.CopyTo(copy.Parameter.Gradient);
                copy.Parameter.Block.Restore(copy.State);
                copy.Parameter.StepCount = copy.StepCount;
            }
        }

        _optimizer.OptimizerState.Restore(_state);
        _optimizer.RestoreStepCount(_stepCount, _consecutiveSkips);
    }

    private sealed record GroupCopy(ParameterGroup<T, TOptions> Group, TOptions Options, ParameterGroup<T, TOptions>.Binding Binding, StateImage State, ParameterCopy[] Parameters);

    private sealed record ParameterCopy(Parameter<T> Parameter, T[] Value, T[] Gradient, StateImage State, long StepCount);
}
