namespace LearningRate.Schedules;

/// <summary>
/// PyTorch's <c>SWALR</c> in closed form: <c>α = f(min(t/E, 1))</c> with f(x) = x or (1 − cos πx)/2, and
/// <c>η(t) = η_swa·α + η₀·(1 − α)</c> in PyTorch's order of operations; E = 0 gives η_swa from step 0. Horizon E,
/// where the value is η_swa exactly (α = 1).
/// </summary>
/// <remarks>
/// PyTorch recovers η₀ at every step from the group's current lr and the previous α; when nothing else changes that
/// lr, the recovered value is η₀ up to rounding (within 1e-15 relative of this closed form in the parity tests), so <c>At</c> needs no state.
/// </remarks>
internal sealed class SwaAnnealSchedule : Schedule
{
    private readonly double _learningRate;
    private readonly double _swaLearningRate;
    private readonly long _annealSteps;
    private readonly Annealing _annealing;

    public SwaAnnealSchedule(double learningRate, double swaLearningRate, long annealSteps, Annealing annealing)
        : base(annealSteps, AfterEnd.Hold)
    {
        _learningRate = learningRate;
        _swaLearningRate = swaLearningRate;
        _annealSteps = annealSteps;
        _annealing = annealing;
    }

    /// <inheritdoc/>
    internal override string Kind => "swa-anneal";

    private protected override double Evaluate(long step)
    {
        // PyTorch divides by max(1, E) and, with E = 0, counts from step 1, so the whole schedule is at η_swa.
        var progress = _annealSteps == 0 ? 1 : Math.Min(1.0, (double)step / _annealSteps);
        var alpha = _annealing == Annealing.Linear ? progress : (1 - Math.Cos(Math.PI * progress)) / 2;
        return (_swaLearningRate * alpha) + (_learningRate * (1 - alpha));
    }
}
