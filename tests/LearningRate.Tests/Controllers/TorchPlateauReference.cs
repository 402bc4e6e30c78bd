namespace LearningRate.Tests.Controllers;

/// <summary>
/// An independent, line-by-line transcription of PyTorch's <c>ReduceLROnPlateau.step(metrics)</c> for
/// one parameter group (torch/optim/lr_scheduler.py, mode/threshold_mode as strings, Python's
/// <c>max</c> and float arithmetic), used as the oracle for <c>ReduceOnPlateau</c>.
/// </summary>
internal sealed class TorchPlateauReference
{
    private readonly string _mode;
    private readonly double _factor;
    private readonly int _patience;
    private readonly double _threshold;
    private readonly string _thresholdMode;
    private readonly int _cooldown;
    private readonly double _minLr;
    private readonly double _eps;

    public TorchPlateauReference(
        double lr,
        string mode = "min",
        double factor = 0.1,
        int patience = 10,
        double threshold = 1e-4,
        string thresholdMode = "rel",
        int cooldown = 0,
        double minLr = 0,
        double eps = 1e-8)
    {
        if (factor >= 1.0)
        {
            throw new ArgumentException("Factor should be < 1.0.");
        }

        Lr = lr;
        _mode = mode;
        _factor = factor;
        _patience = patience;
        _threshold = threshold;
        _thresholdMode = thresholdMode;
        _cooldown = cooldown;
        _minLr = minLr;
        _eps = eps;

        // _init_is_better + _reset
        Best = mode == "min" ? double.PositiveInfinity : double.NegativeInfinity;
        CooldownCounter = 0;
        NumBadEpochs = 0;
        LastEpoch = 0;
    }

    public double Lr { get; private set; }

    public double Best { get; private set; }

    public int NumBadEpochs { get; private set; }

    public int CooldownCounter { get; private set; }

    public long LastEpoch { get; private set; }

    private bool InCooldown => CooldownCounter > 0;

    public void Step(double metrics)
    {
        var current = metrics;
        LastEpoch += 1;
        if (IsBetter(current, Best))
        {
            Best = current;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs += 1;
        }

        if (InCooldown)
        {
            CooldownCounter -= 1;
            NumBadEpochs = 0;
        }

        if (NumBadEpochs > _patience)
        {
            ReduceLr();
            CooldownCounter = _cooldown;
            NumBadEpochs = 0;
        }
    }

    private void ReduceLr()
    {
        var oldLr = Lr;
        var newLr = PythonMax(oldLr * _factor, _minLr);
        if (oldLr - newLr > _eps)
        {
            Lr = newLr;
        }
    }

    // Python's max(a, b) keeps the first argument unless the second is strictly greater.
    private static double PythonMax(double a, double b) => b > a ? b : a;

    private bool IsBetter(double a, double best)
    {
        if (_mode == "min" && _thresholdMode == "rel")
        {
            var relEpsilon = 1.0 - _threshold;
            return a < best * relEpsilon;
        }

        if (_mode == "min" && _thresholdMode == "abs")
        {
            return a < best - _threshold;
        }

        if (_mode == "max" && _thresholdMode == "rel")
        {
            var relEpsilon = _threshold + 1.0;
            return a > best * relEpsilon;
        }

        return a > best + _threshold;
    }
}
