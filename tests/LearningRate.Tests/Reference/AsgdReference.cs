namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>torch.optim.ASGD</c>, single-tensor path (<c>_single_tensor_asgd</c>, PyTorch 2.x, non-capturable branch),
/// transcribed line by line in double. State: η = the group lr when the state is created (first step), μ = 1,
/// ax = 0, t = 0. Each step:
/// <code>
/// t += 1;  g ← −g if maximize;  g ← g + λ_wd·θ
/// θ ← θ·(1 − λ·η);  θ ← θ + (−η)·g                 (η and μ as left by the previous step)
/// ax ← ax + (θ − ax)·μ   if μ ≠ 1,   else ax ← θ
/// η ← γ / (1 + λ·γ·t)^α;  μ ← 1 / max(1, t − t0)   (AFTER the update, with the new t and this step's γ)
/// </code>
/// Subtleties: step 1 uses η = γ undecayed and step t uses the η computed at the end of step t − 1, so a scheduler's
/// lr reaches the update one step late (it enters through η); the decay shrinks θ by the same η; the averaging
/// test reads the μ left by the previous step. The average ax is state only, never written to θ. PyTorch keeps
/// η and μ in 0-d tensors of the default dtype (float32 unless <c>torch.set_default_dtype(torch.float64)</c>);
/// this reference keeps them in double, as the goldens do.
/// </summary>
public sealed class AsgdReference(AsgdSettings settings, int length) : IReferenceOptimizer
{
    private readonly double[] _ax = new double[length];
    private double _eta = double.NaN;
    private double _mu = 1.0;
    private int _step;

    /// <summary>Gets or sets the group lr the next step reads (a scheduler may change it between steps).</summary>
    public double LearningRate { get; set; } = settings.LearningRate;

    /// <summary>Gets the averaged iterate (PyTorch <c>state["ax"]</c>).</summary>
    public IReadOnlyList<double> Ax => _ax;

    /// <summary>Gets η for the next step (PyTorch <c>state["eta"]</c>); NaN before the first step creates it.</summary>
    public double Eta => _eta;

    /// <summary>Gets μ for the next step (PyTorch <c>state["mu"]</c>).</summary>
    public double Mu => _mu;

    public void Step(double[] parameters, double[] gradients)
    {
        var lr = LearningRate;
        if (_step == 0)
        {
            _eta = lr;
        }

        _step++;
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = settings.Maximize ? -gradients[i] : gradients[i];
            if (settings.WeightDecay != 0)
            {
                grad += settings.WeightDecay * parameters[i];
            }

            parameters[i] *= 1 - (settings.Lambd * _eta);
            parameters[i] += -_eta * grad;
            if (_mu != 1)
            {
                _ax[i] += (parameters[i] - _ax[i]) * _mu;
            }
            else
            {
                _ax[i] = parameters[i];
            }
        }

        double step = _step;
        _eta = lr / Math.Pow(1 + (settings.Lambd * lr * step), settings.Alpha);
        _mu = 1 / Math.Max(1, step - settings.T0);
    }
}
