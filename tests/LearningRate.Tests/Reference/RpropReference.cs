namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>torch.optim.Rprop</c> (Rprop⁻), single-tensor path (<c>_single_tensor_rprop</c>, PyTorch 2.x, non-capturable
/// branch), transcribed line by line in double. State: prev = 0, step size s = the group lr when the state is
/// created. Each step, per element:
/// <code>
/// g ← −g if maximize
/// f = sign(g·prev) mapped to η+ if &gt; 0, η− if &lt; 0, 1 if = 0   (torch.sign(NaN) = 0 on the CPU)
/// s ← clamp(s·f, StepSizeMin, StepSizeMax)
/// g ← 0 where f = η−                 (no move after a sign flip)
/// θ ← θ − sign(g)·s;  prev ← g        (the possibly zeroed, maximize-negated gradient)
/// </code>
/// Subtleties: the first step sees prev = 0, so f = 1 and it moves by the initial step size; after a flip prev is
/// 0, so the next step again uses f = 1; the lr is never read again (a scheduler has no effect); the step size
/// is clamped after the multiplication, so an initial lr outside [min, max] is clamped on the first step, before it moves θ.
/// </summary>
public sealed class RpropReference(RpropSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _prev = new double[length];
    private readonly double[] _stepSize = CreateStepSizes(settings.LearningRate, length);

    /// <summary>Gets the per-element step sizes (PyTorch <c>state["step_size"]</c>).</summary>
    public IReadOnlyList<double> StepSizes => _stepSize;

    /// <summary>Gets the stored previous gradient (PyTorch <c>state["prev"]</c>).</summary>
    public IReadOnlyList<double> Prev => _prev;

    public void Step(double[] parameters, double[] gradients)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = settings.Maximize ? -gradients[i] : gradients[i];
            var sign = Sign(grad * _prev[i]);
            if (sign > 0)
            {
                sign = settings.EtaPlus;
            }
            else if (sign < 0)
            {
                sign = settings.EtaMinus;
            }
            else if (sign == 0)
            {
                sign = 1;
            }

            _stepSize[i] = Math.Clamp(_stepSize[i] * sign, settings.StepSizeMin, settings.StepSizeMax);

            // PyTorch zeroes where the factor equals etaminus (0 < etaminus < 1 < etaplus, so exactly the flips).
            if (sign == settings.EtaMinus)
            {
                grad = 0;
            }

            parameters[i] -= Sign(grad) * _stepSize[i];
            _prev[i] = grad;
        }
    }

    private static double[] CreateStepSizes(double lr, int length)
    {
        var stepSizes = new double[length];
        Array.Fill(stepSizes, lr);
        return stepSizes;
    }

    /// <summary>
    /// torch.sign on the CPU, <c>(0 &lt; x) − (x &lt; 0)</c>: −1, 0 or 1, and 0 for NaN, so a NaN gradient neither moves θ
    /// nor changes the step size (Math.Sign throws on NaN).
    /// </summary>
    private static double Sign(double value) => value > 0 ? 1 : value < 0 ? -1 : 0;
}
