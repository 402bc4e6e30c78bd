using LearningRate.Checkpoints;
using LearningRate.Internal;
using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Training;

/// <summary>
/// A running average of every parameter an optimizer updates, kept beside it for evaluation: stochastic weight
/// averaging (SWA, the equal-weight mean of Izmailov et al. 2018) or an exponential moving average (EMA, Polyak
/// averaging with exponential weights), as PyTorch's <c>torch.optim.swa_utils.AveragedModel</c> computes them.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, the optimizer's element type; the averages are kept in it, as PyTorch keeps them in the model's dtype.</typeparam>
/// <remarks>
/// <para>
/// <b>The rule.</b> With p the parameters and n the number of parameter sets already averaged (PyTorch's
/// <c>n_averaged</c>, <see cref="Count"/>), each average <c>a</c> of the same length as its parameter is updated as
/// <code>
/// n = 0:        a ← p                                     (the first average copies, for either method)
/// SWA, n ≥ 1:   a ← a + (p − a)/(n + 1)                    (get_swa_avg_fn; n + 1 rounded to T)
/// EMA, n ≥ 1:   a ← a + w·(p − a),  w = 1 − decay          (get_ema_multi_avg_fn: lerp(a, p, w))
/// then          n ← n + 1
/// </code>
/// in PyTorch's order of operations on the CPU: SWA subtracts, divides and adds; EMA rounds w to T and computes
/// ATen's lerp as one fused multiply-add from the nearer end, <c>fma(w, p − a, a)</c> when |w| &lt; 0.5 (decay &gt; 0.5)
/// and <c>fma(w − 1, p − a, p)</c> otherwise. So after k updates the SWA average is the mean of the k parameter
/// sets, and the EMA average is <c>decay^(k−1)·p₁ + Σ_{j=2..k} (1 − decay)·decay^(k−j)·p_j</c>. PyTorch's CUDA path computes
/// SWA as <c>lerp(a, p, 1/(n + 1))</c>, which differs from the CPU's in the last bit; this follows the CPU.
/// </para>
/// <para>
/// <b>When.</b> Call <see cref="Update"/> after every <see cref="IOptimizer.Step"/>. It averages after the update
/// with 0-based index t = <see cref="IOptimizer.StepCount"/> − 1 when <c>t ≥ start</c> and
/// <c>(t − start) mod period = 0</c>, and at most once per completed update (a step skipped for a non-finite gradient
/// completes none), so the averaged updates are start, start + period, start + 2·period, ... (PyTorch's recipe:
/// <c>if t &gt;= swa_start: swa_model.update_parameters(model)</c>, which is period 1). The index is the one a
/// <see cref="Schedules.Schedule"/> is evaluated at: with <c>schedule.ThenSwaAnneal(start, ...)</c> (PyTorch's
/// <c>SWALR</c>), the first averaged update is the first of the anneal. To average once per epoch of E updates,
/// from epoch e (0-based) on, at its end: start = (e + 1)·E − 1, period = E. <see cref="AverageNow"/> averages
/// the current parameters whenever it is called, as <c>update_parameters</c> does.
/// </para>
/// <para>
/// <b>Evaluating.</b> <see cref="Swap"/> exchanges averages and parameters in place, so the model's own arrays hold
/// the averages; evaluate, then <see cref="Swap"/> again to continue training (the optimizer's state is untouched).
/// <see cref="CopyToParameters"/> writes the averages into the parameters for good, at the end of training, and
/// <see cref="GetAverage"/> reads one. PyTorch's <c>use_buffers</c> has nothing to apply to here: the optimizer's
/// registered parameters are the whole model, and a model's batch-norm statistics, if it has any, are recomputed by
/// the caller with the averaged weights (PyTorch's <c>update_bn</c>).
/// </para>
/// <para>
/// <b>Groups, schedules, checkpoints.</b> Every registered parameter of every group is averaged, whatever its group's
/// learning rate, schedule or controllers; register them all before creating the average. The averages are a
/// checkpoint extra (<see cref="ICheckpointable"/>): <c>Checkpoint.Save(optimizer, stream, ("swa", averaged))</c>
/// and a load into an average built alike resume bit for bit; the method, decay, start and period are checked, not
/// restored. Memory: one array per parameter, allocated here; <see cref="Update"/> allocates nothing. Not
/// thread-safe: update it on the thread that steps the optimizer.
/// </para>
/// </remarks>
public sealed partial class AveragedParameters<T> : ICheckpointable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IOptimizer<T> _optimizer;
    private readonly string[] _names;
    private readonly T[][] _averages;

    /// <summary>The optimizer's step count at the last average; −1 before the first.</summary>
    private long _averagedAtStepCount = -1;

    /// <summary>
    /// Initializes the averages of every parameter registered with <paramref name="optimizer"/>: SWA by default, EMA
    /// when <paramref name="decay"/> is given. Nothing is averaged until the first <see cref="Update"/> that is due.
    /// </summary>
    /// <param name="optimizer">The optimizer whose parameters are averaged; register every parameter first.</param>
    /// <param name="decay">
    /// <see langword="null"/> (default) for SWA, the equal-weight mean; a value in [0, 1] for an EMA with that decay
    /// (PyTorch's <c>get_ema_multi_avg_fn</c> default is 0.999; 1 keeps the first parameters, 0 follows the latest).
    /// </param>
    /// <param name="start">The 0-based index of the first update averaged (PyTorch's <c>swa_start</c> in steps); default 0, every update from the first.</param>
    /// <param name="period">Average every <paramref name="period"/>-th update from <paramref name="start"/>; default 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="optimizer"/> has no registered parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is outside [0, 1] or NaN, <paramref name="start"/> is negative, or <paramref name="period"/> is less than 1.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public AveragedParameters(IOptimizer<T> optimizer, double? decay = null, long start = 0, long period = 1)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Guard.ElementType<T>();
        if (decay is double d)
        {
            Guard.ClosedUnitInterval(d, nameof(decay));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var parameters = optimizer.Parameters;
        if (parameters.Count == 0)
        {
            Guard.ThrowArgument(nameof(optimizer), "The optimizer has no registered parameter; register every parameter before creating its averages.");
        }

        _optimizer = optimizer;
        Decay = decay;
        Start = start;
        Period = period;
        _names = new string[parameters.Count];
        _averages = new T[parameters.Count][];
        for (var i = 0; i < parameters.Count; i++)
        {
            _names[i] = parameters[i].Name;
            _averages[i] = new T[parameters[i].Value.Length];
        }
    }

    /// <summary>Gets the EMA decay, or <see langword="null"/> for SWA's equal-weight mean.</summary>
    public double? Decay { get; }

    /// <summary>Gets the 0-based index of the first update <see cref="Update"/> averages.</summary>
    public long Start { get; }

    /// <summary>Gets the number of updates between two averages from <see cref="Start"/> on.</summary>
    public long Period { get; }

    /// <summary>Gets how many parameter sets have been averaged (PyTorch's <c>n_averaged</c>); 0 before the first average.</summary>
    public long Count { get; private set; }

    /// <summary>Gets a value indicating whether <see cref="Swap"/> has put the averages into the parameters (and the parameters here).</summary>
    public bool IsSwapped { get; private set; }

    /// <summary>
    /// Averages the parameters if the optimizer's last completed update is due: its 0-based index t satisfies
    /// <c>t ≥ Start</c> and <c>(t − Start) mod Period = 0</c>, and no average was taken since it completed. Call it after
    /// every <see cref="IOptimizer.Step"/>. Allocates nothing.
    /// </summary>
    /// <returns>Whether the parameters were averaged.</returns>
    /// <exception cref="InvalidOperationException">The averages are swapped into the parameters (<see cref="IsSwapped"/>), or the optimizer's parameters changed since construction; nothing was changed.</exception>
    public bool Update()
    {
        ThrowIfSwapped();
        var completed = _optimizer.StepCount;
        if (completed == 0 || completed == _averagedAtStepCount)
        {
            return false;
        }

        var step = completed - 1;
        if (step < Start || (step - Start) % Period != 0)
        {
            return false;
        }

        Average(completed);
        return true;
    }

    /// <summary>
    /// Averages the current parameters now, whatever the step (PyTorch's <c>update_parameters</c>): the first call
    /// copies them. Allocates nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The averages are swapped into the parameters (<see cref="IsSwapped"/>), or the optimizer's parameters changed since construction; nothing was changed.</exception>
    public void AverageNow()
    {
        ThrowIfSwapped();
        Average(_optimizer.StepCount);
    }

    /// <summary>
    /// Exchanges the averages and the parameters' values in place: after one call the model's arrays hold the averages
    /// (evaluate with them), after a second everything is as before. The optimizer's state, step counts and gradients
    /// are not touched, and no memory is allocated.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing has been averaged yet, or the optimizer's parameters changed since construction.</exception>
    public void Swap()
    {
        ThrowIfEmpty();
        CheckParameters();
        var parameters = _optimizer.Parameters;
        for (var i = 0; i < _averages.Length; i++)
        {
            WeightAveragingKernel.Swap(_averages[i].AsSpan(), parameters[i].Value.Span);
        }

        IsSwapped = !IsSwapped;
    }

    /// <summary>Writes the averages into the parameters' values (the end of training: the model becomes the averaged one).</summary>
    /// <exception cref="InvalidOperationException">Nothing has been averaged yet, the averages are swapped into the parameters already, or the optimizer's parameters changed since construction.</exception>
    public void CopyToParameters()
    {
        ThrowIfEmpty();
        ThrowIfSwapped();
        CheckParameters();
        var parameters = _optimizer.Parameters;
        for (var i = 0; i < _averages.Length; i++)
        {
            _averages[i].CopyTo(parameters[i].Value.Span);
        }
    }

    /// <summary>Gets the average of one parameter, wherever it is (the parameter's own values while <see cref="IsSwapped"/>).</summary>
    /// <param name="name">The parameter's name in the optimizer.</param>
    /// <returns>The averaged values, of the parameter's length; valid until the next update or swap.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">No averaged parameter has that name.</exception>
    /// <exception cref="InvalidOperationException">Nothing has been averaged yet.</exception>
    public ReadOnlySpan<T> GetAverage(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Array.IndexOf(_names, name);
        if (index < 0)
        {
            Guard.ThrowArgument(nameof(name), $"No averaged parameter is named '{name}'.");
        }

        ThrowIfEmpty();
        return IsSwapped ? _optimizer.Parameters[index].Value.Span : _averages[index];
    }

    /// <summary>Takes one average of the current parameters; <paramref name="stepCount"/> is the optimizer's step count now.</summary>
    private void Average(long stepCount)
    {
        CheckParameters();
        var parameters = _optimizer.Parameters;
        for (var i = 0; i < _averages.Length; i++)
        {
            var average = _averages[i].AsSpan();
            var values = parameters[i].Value.Span;
            if (Count == 0)
            {
                values.CopyTo(average);
            }
            else if (Decay is double decay)
            {
                WeightAveragingKernel.Exponential<T>(average, values, decay);
            }
            else
            {
                WeightAveragingKernel.Equal<T>(average, values, Count);
            }
        }

        Count++;
        _averagedAtStepCount = stepCount;
    }

    /// <summary>Throws unless the optimizer still has the parameters, in order and length, that the averages were built for.</summary>
    private void CheckParameters()
    {
        var parameters = _optimizer.Parameters;
        if (parameters.Count != _averages.Length)
        {
            ThrowParametersChanged($"it has {parameters.Count} parameters; the averages were built for {_averages.Length}");
        }

        for (var i = 0; i < _averages.Length; i++)
        {
            if (parameters[i].Value.Length != _averages[i].Length)
            {
                ThrowParametersChanged($"parameter '{parameters[i].Name}' has {parameters[i].Value.Length} values; its average has {_averages[i].Length}");
            }
        }
    }

    private void ThrowIfSwapped()
    {
        if (IsSwapped)
        {
            throw new InvalidOperationException("The averages are swapped into the parameters; call Swap() again before training or averaging.");
        }
    }

    private void ThrowIfEmpty()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("Nothing has been averaged yet.");
        }
    }

    private static void ThrowParametersChanged(string detail) =>
        throw new InvalidOperationException($"The optimizer's parameters changed since the averages were created: {detail}. Register every parameter before creating the averages.");
}
