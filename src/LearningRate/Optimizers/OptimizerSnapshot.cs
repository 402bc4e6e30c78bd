namespace LearningRate.Optimizers;

/// <summary>
/// The copy behind <see cref="IOptimizerSnapshotSource"/>: per parameter its values, gradient, state
/// buffers (a slot unused at capture is null again after restore), step count and momentum flag; per
/// group its options and current learning rate; and the optimizer's step count and count of consecutive
/// skipped steps (so a range test cannot change when MaxConsecutiveSkips throws). Parameters registered
/// after the capture are left as they are.
/// </summary>
internal sealed class OptimizerSnapshot<T, TOptions> : IOptimizerSnapshot
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    private readonly Optimizer<T, TOptions> _optimizer;
    private readonly long _stepCount;
    private readonly int _consecutiveSkips;
    private readonly GroupCopy[] _groups;

    public OptimizerSnapshot(Optimizer<T, TOptions> optimizer)
    {
        _optimizer = optimizer;
        _stepCount = optimizer.StepCount;
        _consecutiveSkips = optimizer.ConsecutiveSkips;
        _groups = [.. optimizer.Groups.Select(group => new GroupCopy(
            group,
            group.Options,
            group.CaptureBinding(),
            [.. group.Parameters.Select(p => new ParameterCopy(
                p,
                p.Value.ToArray(),
                p.Gradient.ToArray(),
                [.. p.State.Select(buffer => (T[]?)buffer?.Clone())],
                p.StepCount,
                p.MomentumStarted))]))];
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
            foreach (var copy in group.Parameters)
            {
                var parameter = copy.Parameter;
                copy.Value.CopyTo(parameter.Value);
                copy.Gradient.CopyTo(parameter.Gradient);
                for (var slot = 0; slot < copy.State.Length; slot++)
                {
                    var saved = copy.State[slot];
                    if (saved is null)
                    {
                        parameter.State[slot] = null;
                    }
                    else if (parameter.State[slot] is { } live)
                    {
                        saved.CopyTo(live, 0);
                    }
                    else
                    {
                        parameter.State[slot] = (T[])saved.Clone();
                    }
                }

                parameter.StepCount = copy.StepCount;
                parameter.MomentumStarted = copy.MomentumStarted;
            }
        }

        _optimizer.RestoreStepCount(_stepCount, _consecutiveSkips);
    }

    private sealed record GroupCopy(ParameterGroup<T, TOptions> Group, TOptions Options, ParameterGroup<T, TOptions>.Binding Binding, ParameterCopy[] Parameters);

    private sealed record ParameterCopy(Parameter<T> Parameter, T[] Value, T[] Gradient, T[]?[] State, long StepCount, bool MomentumStarted);
}
