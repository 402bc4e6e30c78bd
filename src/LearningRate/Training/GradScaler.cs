using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;

namespace LearningRate.Training;

/// <summary>
/// Dynamic loss scaling for 16-bit gradients, with the semantics of PyTorch's <c>torch.amp.GradScaler</c>: the loss is
/// multiplied by a scale before the backward pass (so small gradients stay representable in <see cref="Half"/>),
/// the gradients are divided by it before the update, and a step whose gradients overflowed is skipped and the scale
/// halved; after <see cref="GradScalerOptions.GrowthInterval"/> clean steps in a row the scale doubles.
/// </summary>
/// <remarks>
/// <para>
/// One training iteration: seed the backward pass with <see cref="ScaleLoss(float)"/> (or multiply the loss's gradient by
/// <see cref="Scale"/>); call <see cref="Unscale{T}"/> if the gradients are to be clipped or inspected, then clip;
/// call <see cref="Step{T}"/> instead of <see cref="IOptimizer.Step"/>; then <see cref="Update()"/>. Several optimizers
/// may share a scaler: unscale and step each, then update once.
/// </para>
/// <para>
/// Unscaling multiplies every registered gradient by <c>1/scale</c> (computed in double, rounded to float, as PyTorch
/// does) in float, whatever the element type: <see cref="float"/> and <see cref="double"/> gradients in place,
/// <see cref="Half"/> and <see cref="BFloat16"/> gradients widened, multiplied and rounded back to nearest even (PyTorch
/// refuses to unscale Half gradients; here the update is computed in float from them). A gradient holding NaN or ±∞
/// before unscaling makes <see cref="Step{T}"/> skip the update: the optimizer's parameters, state and step count stay
/// as they were, and the step reports <see cref="StepStatus.SkippedNonFinite"/> with the first offending parameter, as
/// the optimizer's own <see cref="NonFinitePolicy.Skip"/> would. These skips are the scaler's normal working (the
/// first steps of a run typically overflow until the scale settles), so they do not count toward the optimizer's
/// <see cref="IOptimizer.MaxConsecutiveSkips"/> and do not raise its <see cref="IOptimizer.StepSkipped"/>; gradients the
/// scaler lets through are finite, and the optimizer's own policy still guards the update.
/// </para>
/// <para>
/// Checkpoints hold the scale and the growth tracker as a named extra (<c>("scaler", scaler)</c>); the options are
/// checked, not restored. Not thread-safe. <see cref="Unscale{T}"/>, <see cref="Step{T}"/> and <see cref="Update()"/>
/// allocate nothing once each optimizer has been seen.
/// </para>
/// </remarks>
public sealed partial class GradScaler : ICheckpointable
{
    /// <summary>The optimizers unscaled or stepped since the last update, and their found-non-finite flags; kept for reuse.</summary>
    private readonly List<OptimizerState> _optimizers = [];
    private float _scale;
    private int _growthTracker;

    /// <summary>Initializes a scaler with PyTorch's defaults, or with <paramref name="options"/>.</summary>
    /// <param name="options">The settings; null for the defaults (initial scale 2¹⁶, ×2 after 2000 clean steps, ×0.5 on overflow).</param>
    public GradScaler(GradScalerOptions? options = null)
    {
        Options = options ?? new GradScalerOptions();

        // The scale is a float, as PyTorch keeps it in a float32 tensor.
        _scale = (float)Options.InitialScale;
    }

    private enum Stage
    {
        Ready,
        Unscaled,
        Stepped,
    }

    /// <summary>Gets the settings.</summary>
    public GradScalerOptions Options { get; }

    /// <summary>Gets a value indicating whether the scaler scales (<see cref="GradScalerOptions.Enabled"/>).</summary>
    public bool IsEnabled => Options.Enabled;

    /// <summary>Gets the current scale (PyTorch <c>get_scale()</c>): 1 when the scaler is disabled.</summary>
    public double Scale => IsEnabled ? _scale : 1.0;

    /// <summary>Gets the number of consecutive clean steps counted toward the next growth (0 when disabled).</summary>
    public int GrowthTracker => IsEnabled ? _growthTracker : 0;

    /// <summary>Multiplies a loss (or the seed of the backward pass) by the scale, in float (PyTorch <c>scale(outputs)</c>).</summary>
    /// <param name="loss">The loss.</param>
    /// <returns><c>loss · scale</c>; <paramref name="loss"/> unchanged when disabled.</returns>
    public float ScaleLoss(float loss) => IsEnabled ? loss * _scale : loss;

    /// <summary>Multiplies a loss (or the seed of the backward pass) by the scale, in double.</summary>
    /// <param name="loss">The loss.</param>
    /// <returns><c>loss · scale</c>; <paramref name="loss"/> unchanged when disabled.</returns>
    public double ScaleLoss(double loss) => IsEnabled ? loss * _scale : loss;

    /// <summary>
    /// Divides every gradient registered in <paramref name="optimizer"/> by the scale, in place (PyTorch <c>unscale_</c>),
    /// and records whether any held NaN or ±∞. Call it before clipping; <see cref="Step{T}"/> calls it when you did not.
    /// Does nothing when the scaler is disabled.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="optimizer">The optimizer whose gradients to unscale.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is none of the four supported types.</exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="Unscale{T}"/> or <see cref="Step{T}"/> was already called on this optimizer since the last <see cref="Update()"/>;
    /// nothing was changed.
    /// </exception>
    public void Unscale<T>(IOptimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckElementType<T>();
        if (!IsEnabled)
        {
            return;
        }

        var state = StateOf(optimizer);
        if (state.Stage == Stage.Unscaled)
        {
            throw new InvalidOperationException("Unscale was already called on this optimizer since the last Update.");
        }

        if (state.Stage == Stage.Stepped)
        {
            throw new InvalidOperationException("Unscale is being called after Step on this optimizer; call Update first.");
        }

        UnscaleGradients(optimizer, state);
        state.Stage = Stage.Unscaled;
    }

    /// <summary>
    /// Steps <paramref name="optimizer"/> unless a gradient held NaN or ±∞ (PyTorch <c>step</c>): unscales first when
    /// <see cref="Unscale{T}"/> was not called, then calls <see cref="IOptimizer.Step"/> or skips it. When the scaler is
    /// disabled, simply steps.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="optimizer">The optimizer to step.</param>
    /// <returns>
    /// The optimizer's report; or, when skipped, <see cref="StepStatus.SkippedNonFinite"/> with the first group's next
    /// learning rate, no gradient norm (NaN) and the first parameter whose gradient was not finite.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is none of the four supported types.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Step{T}"/> was already called on this optimizer since the last <see cref="Update()"/>.</exception>
    /// <exception cref="NonFiniteGradientException">The optimizer's own non-finite policy threw; see <see cref="IOptimizer.Step"/>.</exception>
    public StepReport Step<T>(IOptimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckElementType<T>();
        if (!IsEnabled)
        {
            return optimizer.Step();
        }

        var state = StateOf(optimizer);
        if (state.Stage == Stage.Stepped)
        {
            throw new InvalidOperationException("Step was already called on this optimizer since the last Update.");
        }

        if (state.Stage == Stage.Ready)
        {
            UnscaleGradients(optimizer, state);
            state.Stage = Stage.Unscaled;
        }

        if (state.Offender is { } offender)
        {
            state.Stage = Stage.Stepped;
            var learningRate = optimizer.Groups.Count > 0 ? optimizer.Groups[0].NextLearningRate : double.NaN;
            return new StepReport(StepStatus.SkippedNonFinite, learningRate, double.NaN, offender);
        }

        // As PyTorch: a step that throws leaves the optimizer unscaled, not stepped.
        var report = optimizer.Step();
        state.Stage = Stage.Stepped;
        return report;
    }

    /// <summary>
    /// Updates the scale from the steps since the last update (PyTorch <c>update()</c>): if any optimizer's gradients held
    /// NaN or ±∞, <c>scale ← scale · backoff</c> and the growth tracker restarts; otherwise the tracker counts one more
    /// clean step, and on reaching <see cref="GradScalerOptions.GrowthInterval"/> restarts with <c>scale ← scale · growth</c>
    /// (kept only when the product is finite). Each product is computed in double and stored as a float. Does nothing when
    /// the scaler is disabled.
    /// </summary>
    /// <exception cref="InvalidOperationException">No optimizer was unscaled or stepped since the last update.</exception>
    public void Update()
    {
        if (!IsEnabled)
        {
            return;
        }

        var recorded = false;
        var foundNonFinite = false;
        foreach (var state in _optimizers)
        {
            recorded |= state.Stage != Stage.Ready;
            foundNonFinite |= state.Stage != Stage.Ready && state.Offender is not null;
        }

        if (!recorded)
        {
            throw new InvalidOperationException("No non-finite checks were recorded before Update: call Unscale or Step first.");
        }

        if (foundNonFinite)
        {
            _scale = (float)(_scale * Options.BackoffFactor);
            _growthTracker = 0;
        }
        else if (_growthTracker + 1 == Options.GrowthInterval)
        {
            var grown = (float)(_scale * Options.GrowthFactor);
            if (float.IsFinite(grown))
            {
                _scale = grown;
            }

            _growthTracker = 0;
        }
        else
        {
            _growthTracker++;
        }

        Reset();
    }

    /// <summary>Sets the scale to <paramref name="newScale"/> (PyTorch <c>update(new_scale)</c>); the growth tracker is kept. Does nothing when disabled.</summary>
    /// <param name="newScale">The new scale, finite and &gt; 0; stored as a float.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newScale"/> is not a finite number &gt; 0, or is below float's smallest positive value.</exception>
    public void Update(double newScale)
    {
        if (!(newScale > 0) || !float.IsFinite((float)newScale) || (float)newScale == 0)
        {
            Internal.Guard.ThrowOutOfRange(nameof(newScale), newScale, "must be a finite number > 0 that a float can hold");
        }

        if (!IsEnabled)
        {
            return;
        }

        _scale = (float)newScale;
        Reset();
    }

    private static void CheckElementType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double) && !Float16Gradients.IsStorage<T>())
        {
            throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; use float, double, Half or BFloat16.");
        }
    }

    /// <summary>Multiplies every gradient by 1/scale in float and records the first parameter whose gradient was not finite.</summary>
    private void UnscaleGradients<T>(IOptimizer<T> optimizer, OptimizerState state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // PyTorch: inv_scale = scale.double().reciprocal().float().
        var inverse = (float)(1.0 / _scale);
        string? offender = null;
        var parameters = optimizer.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var gradient = parameter.Gradient.Span;
            bool finite;
            if (typeof(T) == typeof(float))
            {
                var values = MemoryMarshal.Cast<T, float>(gradient);
                finite = values.IsEmpty || TensorPrimitives.IsFiniteAll<float>(values);
                TensorPrimitives.Multiply(values, inverse, values);
            }
            else if (typeof(T) == typeof(double))
            {
                var values = MemoryMarshal.Cast<T, double>(gradient);
                finite = values.IsEmpty || TensorPrimitives.IsFiniteAll<double>(values);
                TensorPrimitives.Multiply(values, (double)inverse, values);
            }
            else
            {
                finite = Float16Gradients.MultiplyAndCheckFinite(gradient, inverse);
            }

            offender ??= finite ? null : parameter.Name;
        }

        state.Offender = offender;
    }

    private OptimizerState StateOf(IOptimizer optimizer)
    {
        foreach (var state in _optimizers)
        {
            if (ReferenceEquals(state.Optimizer, optimizer))
            {
                return state;
            }
        }

        var added = new OptimizerState(optimizer);
        _optimizers.Add(added);
        return added;
    }

    private void Reset()
    {
        foreach (var state in _optimizers)
        {
            state.Stage = Stage.Ready;
            state.Offender = null;
        }
    }

    /// <summary>Where one optimizer is in the current iteration, and the first parameter whose gradient was not finite.</summary>
    private sealed class OptimizerState(IOptimizer optimizer)
    {
        public IOptimizer Optimizer { get; } = optimizer;

        public Stage Stage { get; set; }

        public string? Offender { get; set; }
    }
}
