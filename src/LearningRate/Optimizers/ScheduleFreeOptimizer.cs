using LearningRate.Internal;
using LearningRate.Kernels;
using LearningRate.Optimizers.State;

namespace LearningRate.Optimizers;

/// <summary>
/// What the schedule-free optimizers share (Defazio et al., 2024, "The Road Less Scheduled";
/// facebookresearch/schedule_free's reference classes): three sequences per parameter instead of a learning-rate
/// schedule. z takes the base optimizer's step, x is a weighted average of the z iterates, and the gradient is taken
/// at the interpolation y between them:
/// <code>
/// z ← z − γ_k·(base step at y);   x ← (1 − c)·x + c·z;   y = β·x + (1 − β)·z
/// </code>
/// x is the sequence to evaluate (validation loss, the model to ship); y is the one to train. The registered
/// parameter memory holds y in training mode, where <see cref="Optimizer{T, TOptions}.Step"/> reads the gradients
/// taken there, and x in evaluation mode. <see cref="Eval"/> and <see cref="Train"/> switch it, as upstream's
/// <c>optimizer.eval()</c> and <c>optimizer.train()</c>, and <see cref="CopyEvaluationParametersTo"/> and
/// <see cref="CopyTrainingParametersTo"/> read either sequence in either mode without switching.
/// </summary>
/// <remarks>
/// <para>
/// State: per parameter z and x (upstream <c>state['z']</c>, <c>state['x']</c>), set to the parameter's values on its
/// first update, as upstream creates them; per group the update count <c>k</c>, <c>lr_max</c> and <c>weight_sum</c>
/// (<see cref="ScheduleFreeAveraging"/>); for the optimizer the mode (<c>train_mode</c>). Upstream also stores y; here
/// the parameter memory is y, and <see cref="Train"/> recomputes it from x and z with the update's own arithmetic,
/// so it comes back bit for bit (unless the group's β changed in between: it uses the group's current β).
/// </para>
/// <para>
/// The optimizer starts in training mode (upstream's AdamW starts in evaluation mode and needs <c>train()</c> first;
/// its SGD starts in training mode). Checkpoints and snapshots keep the mode with the parameter memory, so a
/// checkpoint saved in evaluation mode (as upstream recommends) resumes in evaluation mode: call <see cref="Train"/>
/// before the next step. Loading a checkpoint without all of this optimizer's parameters (non-strict) leaves the
/// missing ones as they are; load into an optimizer in the checkpoint's mode.
/// </para>
/// <para>
/// A learning-rate schedule or controller sets γ, which the built-in warmup then multiplies (upstream reads
/// <c>group['lr']</c>, which a PyTorch scheduler sets, the same way); <c>lr_max</c> follows the largest γ_k, so a
/// decaying schedule lowers the steps but not the weights in the average. The range test runs on y with the swept
/// rate and restores everything afterwards. A momentum schedule cannot be bound: β is the interpolation weight,
/// which upstream never cycles, and <see cref="Train"/> needs the β of the last update.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TOptions">The algorithm's options record.</typeparam>
public abstract class ScheduleFreeOptimizer<T, TOptions> : Optimizer<T, TOptions>, IScheduleFreeOptimizer
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : ScheduleFreeOptions
{
    /// <summary>Slot 0, z (upstream <c>state['z']</c>): the base optimizer's iterate.</summary>
    private protected const int ZSlot = 0;

    /// <summary>Slot 1, x (upstream <c>state['x']</c>): the average, the evaluation parameters.</summary>
    private protected const int XSlot = 1;

    /// <summary>The first slot an algorithm declares beyond z and x.</summary>
    private protected const int FirstOwnSlot = 2;

    /// <summary>Group scalar 0: k, the group's update count (upstream <c>group['k']</c>).</summary>
    private const int StepScalar = 0;

    /// <summary>Group scalar 1: the largest learning rate so far (upstream <c>group['lr_max']</c>).</summary>
    private const int LearningRateMaxScalar = 1;

    /// <summary>Group scalar 2: the sum of the averaging weights (upstream <c>group['weight_sum']</c>).</summary>
    private const int WeightSumScalar = 2;

    /// <summary>Optimizer scalar 3: 1 in training mode, 0 in evaluation mode (upstream <c>group['train_mode']</c>).</summary>
    private const int TrainModeScalar = 3;

    /// <summary>Initializes the optimizer in training mode.</summary>
    /// <param name="options">The hyper-parameters of the default group.</param>
    private protected ScheduleFreeOptimizer(TOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Gets a value indicating whether the parameter memory holds the evaluation parameters x (after
    /// <see cref="Eval"/>) rather than the training parameters y; a step then throws.
    /// </summary>
    public bool IsInEvaluationMode => OptimizerState.Scalars[TrainModeScalar] == 0;

    /// <inheritdoc/>
    internal override bool SupportsMomentumSchedule => false;

    /// <summary>
    /// Switches to evaluation mode (upstream <c>optimizer.eval()</c>): copies x into the memory of every parameter
    /// that has taken an update, so the model evaluates at the averaged parameters. Parameters that have not been
    /// updated keep their values (x is their value). Does nothing in evaluation mode.
    /// </summary>
    /// <remarks>This changes the registered parameter memory; <see cref="Train"/> puts y back before training resumes.</remarks>
    /// <exception cref="InvalidOperationException">Another thread is stepping, saving or loading this optimizer.</exception>
    public void Eval()
    {
        EnterExclusive(nameof(Eval));
        try
        {
            if (IsInEvaluationMode)
            {
                return;
            }

            foreach (var group in Groups)
            {
                foreach (var parameter in group.ParameterList)
                {
                    if (parameter.StepCount > 0)
                    {
                        parameter.Block.Buffer<T>(XSlot).CopyTo(parameter.Value.Span);
                    }
                }
            }

            OptimizerState.Scalars[TrainModeScalar] = 0;
            GC.KeepAlive(this);
        }
        finally
        {
            ExitExclusive();
        }
    }

    /// <summary>
    /// Switches to training mode (upstream <c>optimizer.train()</c>): writes y = β·x + (1 − β)·z into the memory of
    /// every parameter that has taken an update, bit for bit the y its last update left (with the group's β).
    /// Does nothing in training mode.
    /// </summary>
    /// <remarks>This changes the registered parameter memory.</remarks>
    /// <exception cref="InvalidOperationException">Another thread is stepping, saving or loading this optimizer.</exception>
    public void Train()
    {
        EnterExclusive(nameof(Train));
        try
        {
            if (!IsInEvaluationMode)
            {
                return;
            }

            foreach (var group in Groups)
            {
                var beta = group.Options.Interpolation;
                foreach (var parameter in group.ParameterList)
                {
                    if (parameter.StepCount > 0)
                    {
                        var state = parameter.Block;
                        ScheduleFreeInterpolation.Interpolate<T>(parameter.Value.Span, state.Buffer<T>(ZSlot), state.Buffer<T>(XSlot), beta);
                    }
                }
            }

            OptimizerState.Scalars[TrainModeScalar] = 1;
            GC.KeepAlive(this);
        }
        finally
        {
            ExitExclusive();
        }
    }

    /// <summary>
    /// Copies the evaluation parameters x of <paramref name="parameter"/> (upstream <c>state['x']</c>, what
    /// <see cref="Eval"/> puts into the parameter memory) into <paramref name="destination"/>, in either mode; the
    /// parameter's own values before its first update.
    /// </summary>
    /// <param name="parameter">A parameter registered in this optimizer.</param>
    /// <param name="destination">Where to copy, of the parameter's length, outside the parameter's memory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="parameter"/> is not registered in this optimizer, or <paramref name="destination"/>'s length differs
    /// from it, or <paramref name="destination"/> overlaps the parameter's memory (<see cref="Eval"/> and <see cref="Train"/>
    /// change that memory, and keep the mode in step with it).
    /// </exception>
    /// <exception cref="InvalidOperationException">Another thread is stepping, saving or loading this optimizer.</exception>
    public void CopyEvaluationParametersTo(Parameter<T> parameter, Span<T> destination)
    {
        ThrowIfNotCopyable(parameter, destination);
        EnterExclusive(nameof(CopyEvaluationParametersTo));
        try
        {
            (parameter.StepCount > 0 ? parameter.Block.Buffer<T>(XSlot) : parameter.Value.Span).CopyTo(destination);
            GC.KeepAlive(this);
        }
        finally
        {
            ExitExclusive();
        }
    }

    /// <summary>
    /// Copies the training parameters y of <paramref name="parameter"/> (where gradients are taken, what
    /// <see cref="Train"/> puts into the parameter memory) into <paramref name="destination"/>, in either mode: the
    /// parameter memory in training mode, β·x + (1 − β)·z computed as <see cref="Train"/> does in evaluation mode; the
    /// parameter's own values before its first update.
    /// </summary>
    /// <param name="parameter">A parameter registered in this optimizer.</param>
    /// <param name="destination">Where to copy, of the parameter's length, outside the parameter's memory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameter"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="parameter"/> is not registered in this optimizer, or <paramref name="destination"/>'s length differs
    /// from it, or <paramref name="destination"/> overlaps the parameter's memory.
    /// </exception>
    /// <exception cref="InvalidOperationException">Another thread is stepping, saving or loading this optimizer.</exception>
    public void CopyTrainingParametersTo(Parameter<T> parameter, Span<T> destination)
    {
        var group = ThrowIfNotCopyable(parameter, destination);
        EnterExclusive(nameof(CopyTrainingParametersTo));
        try
        {
            if (parameter.StepCount > 0 && IsInEvaluationMode)
            {
                var state = parameter.Block;
                ScheduleFreeInterpolation.Interpolate<T>(destination, state.Buffer<T>(ZSlot), state.Buffer<T>(XSlot), group.Options.Interpolation);
            }
            else
            {
                parameter.Value.Span.CopyTo(destination);
            }

            GC.KeepAlive(this);
        }
        finally
        {
            ExitExclusive();
        }
    }

    /// <summary>Declares z and x, then <paramref name="ownSlots"/>, and the scalars every schedule-free optimizer keeps.</summary>
    /// <param name="kind">The algorithm's stable checkpoint name.</param>
    /// <param name="ownSlots">The algorithm's further buffers, from slot <see cref="FirstOwnSlot"/> on.</param>
    private protected static StateLayout<TOptions> CreateLayout(string kind, params StateSlot<TOptions>[] ownSlots) => new(
        kind,
        [new("z"), new("x"), .. ownSlots],
        [
            new("k") { Scope = StateScope.Group, Invariant = StateInvariant.NonNegative },
            new("lr_max") { Scope = StateScope.Group, Invariant = StateInvariant.NonNegative },
            new("weight_sum") { Scope = StateScope.Group, Invariant = StateInvariant.NonNegative },
            new("train_mode") { Scope = StateScope.Optimizer, Initial = 1, Invariant = StateInvariant.Flag },
        ]);

    /// <summary>Advances the group's k, lr_max and weight_sum by one update and returns that update's γ_k and c.</summary>
    private protected static ScheduleFreeAveraging AdvanceGroup(ParameterGroup<T, TOptions> group, double learningRate)
    {
        var scalars = group.State.Scalars;
        var options = group.Options;
        var next = ScheduleFreeAveraging.Unchecked((long)scalars[StepScalar], scalars[LearningRateMaxScalar], scalars[WeightSumScalar])
            .UncheckedNext(learningRate, options.WarmupSteps, options.R, options.WeightLearningRatePower);
        scalars[StepScalar] = next.Step;
        scalars[LearningRateMaxScalar] = next.LearningRateMax;
        scalars[WeightSumScalar] = next.WeightSum;
        return next;
    }

    /// <summary>Sets z and x to the parameter's values before its first update (upstream clones p when it creates the state).</summary>
    private protected static void StartIfFirstUpdate(Parameter<T> parameter)
    {
        if (parameter.StepCount == 0)
        {
            var value = parameter.Value.Span;
            value.CopyTo(parameter.Block.Buffer<T>(ZSlot));
            value.CopyTo(parameter.Block.Buffer<T>(XSlot));
        }
    }

    /// <inheritdoc/>
    private protected override void ThrowIfCannotStep()
    {
        if (IsInEvaluationMode)
        {
            throw new InvalidOperationException(
                "Step() was called in evaluation mode: the parameters hold the averaged x that Eval() put there, and gradients must be taken at y. Call Train() before stepping (upstream: optimizer.train()); nothing was changed.");
        }
    }

    private ParameterGroup<T, TOptions> ThrowIfNotCopyable(Parameter<T> parameter, Span<T> destination)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var group = Groups.FirstOrDefault(g => g.ParameterList.Contains(parameter));
        if (group is null)
        {
            Guard.ThrowArgument(nameof(parameter), $"Parameter '{parameter.Name}' is not registered in this optimizer.");
        }

        if (destination.Length != parameter.Length)
        {
            Guard.ThrowArgument(nameof(destination), $"{nameof(destination)} has {destination.Length} elements; expected {parameter.Length}, the length of parameter '{parameter.Name}'.");
        }

        if (destination.Overlaps(parameter.Value.Span))
        {
            Guard.ThrowArgument(nameof(destination), $"{nameof(destination)} overlaps the memory of parameter '{parameter.Name}'; Eval() and Train() switch that memory between x and y.");
        }

        return group;
    }
}
