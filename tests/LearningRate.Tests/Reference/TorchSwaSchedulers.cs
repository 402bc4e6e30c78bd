namespace LearningRate.Tests.Reference;

/// <summary>
/// <c>torch.optim.swa_utils.SWALR</c>, transcribed from its <c>get_lr</c> (PyTorch 2.x): the step is
/// <c>_step_count − 1</c> (at least 1 when anneal_epochs is 0); the start is recovered from the group's current lr and
/// the previous α, <c>(lr − α_prev·swa_lr)/(1 − α_prev)</c> (swa_lr once α_prev = 1), and the new lr is
/// <c>swa_lr·α + start·(1 − α)</c>. Recursive, as PyTorch: it reads and writes the shared group.
/// </summary>
public sealed class TorchSWALR : TorchScheduler
{
    private readonly double _swaLr;
    private readonly long _annealEpochs;
    private readonly bool _cosine;

    public TorchSWALR(TorchGroup group, double swaLr, long annealEpochs = 10, string annealStrategy = "cos")
        : base(group)
    {
        _swaLr = swaLr;
        _annealEpochs = annealEpochs;
        _cosine = annealStrategy switch
        {
            "cos" => true,
            "linear" => false,
            _ => throw new ArgumentException(annealStrategy, nameof(annealStrategy)),
        };
        Initialize();
    }

    protected override double GetLr()
    {
        long step = StepCount - 1;
        if (_annealEpochs == 0)
        {
            step = Math.Max(1, step);
        }

        var previousAlpha = Anneal(Math.Max(0, Math.Min(1, (double)(step - 1) / Math.Max(1, _annealEpochs))));
        var start = previousAlpha == 1 ? _swaLr : (Group.Lr - (previousAlpha * _swaLr)) / (1 - previousAlpha);
        var alpha = Anneal(Math.Max(0, Math.Min(1, (double)step / Math.Max(1, _annealEpochs))));
        return (_swaLr * alpha) + (start * (1 - alpha));
    }

    private double Anneal(double t) => _cosine ? (1 - Math.Cos(Math.PI * t)) / 2 : t;
}

/// <summary>
/// PyTorch's SWA recipe on one group: both schedulers built at the start (the main one first), then after update t
/// <c>swa_scheduler.step()</c> if t ≥ swa_start, else <c>scheduler.step()</c>.
/// </summary>
public sealed class TorchSwaRecipe(TorchGroup group, TorchScheduler main, TorchSWALR swa, long swaStart) : TorchScheduler(group)
{
    public override void Step()
    {
        LastEpoch++;
        if (LastEpoch >= swaStart)
        {
            swa.Step();
        }
        else
        {
            main.Step();
        }
    }

    protected override double GetLr() => throw new NotSupportedException();
}
