using LearningRate.Schedules;

namespace LearningRate.Optimizers;

/// <summary>
/// The copy behind <see cref="IOptimizerSnapshotSource"/>: per parameter its values, gradient, state
/// buffers (a slot unused at capture is null again after restore), step count and momentum flag; per
/// group its options, fixed learning rate and bound schedule; and the optimizer's step count. Parameters
/// registered after the capture are left as they are; controllers, the momentum schedule and diagnostic
/// counters (<c>LastLearningRate</c>, <c>ConsecutiveSkips</c>) are not part of the copy.
/// </summary>
internal sealed class OptimizerSnapshot<T, TOptions> : IOptimizerSnapshot
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    private readonly Optimizer<T, TOptions> _optimizer;
    private readonly long _stepCount;
    private readonly GroupCopy[] _groups;

    public OptimizerSnapshot(Optimizer<T, TOptions> optimizer)
    {
        _optimizer = optimizer;
        _stepCount = optimizer.StepCount;
        _groups = [.. optimizer.Groups.Select(group => new GroupCopy(
            group,
            group.Options,
            FixedLearningRate(group),
            group.Schedule,
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

            // Setting the fixed rate unbinds any schedule, so the schedule goes back second.
            group.Group.LearningRate = group.LearningRate;
            group.Group.Schedule = group.Schedule;
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

        _optimizer.RestoreStepCount(_stepCount);
    }

    /// <summary>Reads the fixed learning rate under a bound schedule (whose value the getter returns instead).</summary>
    private static double FixedLearningRate(ParameterGroup<T, TOptions> group)
    {
        var schedule = group.Schedule;
        group.Schedule = null;
        var rate = group.LearningRate;
        group.Schedule = schedule;
        return rate;
    }

    private sealed record GroupCopy(ParameterGroup<T, TOptions> Group, TOptions Options, double LearningRate, ILearningRateSchedule? Schedule, ParameterCopy[] Parameters);

    private sealed record ParameterCopy(Parameter<T> Parameter, T[] Value, T[] Gradient, T[]?[] State, long StepCount, bool MomentumStarted);
}
