namespace LearningRate.Schedules;

/// <summary>SGDR: cycles of length T₀·m^i, cosine from η₀ (amplitude decayed by d^i) to η_min in each.</summary>
/// <remarks>
/// <para>
/// A step's cycle is where the walk over the cycles puts it: <c>start ← start + length; length ← length·m</c> in
/// double, from start 0 and length T₀. With integer T₀ and m every sum in the walk is exact, so restarts fall exactly
/// on time; a logarithm's rounding could put one a step early or late. The walk costs one iteration per cycle, which
/// for m just above 1 has no useful bound, so the constructor walks the first <see cref="WalkedCycles"/> cycles once
/// and keeps every <see cref="Stride"/>-th state: <see cref="Evaluate"/> resumes from the last kept state at or
/// before the step (binary search, then fewer than <see cref="Stride"/> iterations) and gives the walk's bits.
/// </para>
/// <para>
/// Only a multiplier below about 1.0007 has steps left beyond those cycles (any larger one passes 2⁶³ first). There the
/// cycle comes from the closed form <c>start(i) = T₀·(m^i − 1)/(m − 1)</c>, as <c>T₀·expm1(i·log1p(m − 1))/(m − 1)</c>:
/// i is estimated by its logarithm, then moved by single cycles until <c>start(i) ≤ t &lt; start(i + 1)</c> holds in
/// that arithmetic. The walk and the closed form differ there by the walk's own accumulated rounding.
/// </para>
/// </remarks>
internal sealed class WarmRestartsSchedule : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "warm-restarts";

    /// <summary>The number of cycles whose walk is replayed exactly.</summary>
    private const long WalkedCycles = 65536;

    /// <summary>One walk state is kept every this many cycles.</summary>
    private const int Stride = 32;

    /// <summary>The bound on closed-form corrections; the logarithm's estimate is off by at most a few cycles.</summary>
    private const int MaxCorrections = 64;

    private const double TwoTo63 = 9223372036854775808.0;

    private readonly double _learningRate;
    private readonly long _period;
    private readonly double _multiplier;
    private readonly double _minimum;
    private readonly double _amplitudeDecay;

    /// <summary>The start and length of cycle k·<see cref="Stride"/> as the walk computes them.</summary>
    private readonly double[] _starts = [];
    private readonly double[] _lengths = [];

    /// <summary>The start of the first cycle the walk did not reach within <see cref="WalkedCycles"/>; +∞ when it passed 2⁶³.</summary>
    private readonly double _walkEnd = double.PositiveInfinity;

    /// <summary>ln m, as log1p(m − 1) (m − 1 is exact).</summary>
    private readonly double _logMultiplier;

    public WarmRestartsSchedule(double learningRate, long period, double periodMultiplier, double minimum, double amplitudeDecay)
    {
        _learningRate = learningRate;
        _period = period;
        _multiplier = periodMultiplier;
        _minimum = minimum;
        _amplitudeDecay = amplitudeDecay;
        if (periodMultiplier == 1)
        {
            return;
        }

        _logMultiplier = LogOnePlus(periodMultiplier - 1);
        var starts = new List<double>();
        var lengths = new List<double>();
        double start = 0, length = period;
        for (long cycle = 0; ; cycle++)
        {
            if (cycle % Stride == 0)
            {
                starts.Add(start);
                lengths.Add(length);
            }

            if (start > TwoTo63)
            {
                break;
            }

            if (cycle == WalkedCycles)
            {
                _walkEnd = start;
                break;
            }

            start += length;
            length *= periodMultiplier;
        }

        _starts = [.. starts];
        _lengths = [.. lengths];
    }

    private protected override double Evaluate(long step)
    {
        double position, length;
        long cycle;
        if (_multiplier == 1)
        {
            cycle = step / _period;
            position = step % _period;
            length = _period;
        }
        else if (step < _walkEnd)
        {
            (cycle, position, length) = Walk(step);
        }
        else
        {
            (cycle, position, length) = ClosedForm(step);
        }

        var amplitude = _amplitudeDecay == 1 ? 1 : Math.Pow(_amplitudeDecay, cycle);
        return _minimum + ((_learningRate - _minimum) * amplitude * (1 + Math.Cos(Math.PI * position / length)) / 2);
    }

    /// <summary>ln(1 + x) for small x ≥ 0, without the rounding of 1 + x (.NET has no log1p).</summary>
    private static double LogOnePlus(double x)
    {
        // Kahan's trick: u = 1 + x rounded; ln(u)·x/(u − 1) corrects for the rounding of u exactly to first order.
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>e^x − 1 without the cancellation of e^x − 1 for small x (.NET has no expm1).</summary>
    private static double ExpMinusOne(double x)
    {
        if (Math.Abs(x) >= 0.5)
        {
            return Math.Exp(x) - 1;
        }

        // Kahan's trick again: u = e^x rounded; (u − 1)·x/ln(u) recovers the digits lost in u − 1.
        var u = Math.Exp(x);
        return u == 1 ? x : (u - 1) * x / Math.Log(u);
    }

    /// <summary>Replays the walk from the last kept state at or before <paramref name="step"/>.</summary>
    private (long Cycle, double Position, double Length) Walk(long step)
    {
        // The last kept state whose start is ≤ step: the walk from 0 passes every cycle before it.
        int low = 0, high = _starts.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (_starts[middle] <= step)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var start = _starts[low];
        var length = _lengths[low];
        var cycle = (long)low * Stride;
        while (step >= start + length)
        {
            start += length;
            length *= _multiplier;
            cycle++;
        }

        return (cycle, step - start, length);
    }

    /// <summary>The cycle past the walked ones from the closed form, corrected until start(i) ≤ t &lt; start(i + 1).</summary>
    private (long Cycle, double Position, double Length) ClosedForm(long step)
    {
        double t = step;
        var estimate = Math.Floor(LogOnePlus(t * (_multiplier - 1) / _period) / _logMultiplier);
        var cycle = Math.Max(WalkedCycles, (long)estimate);
        for (var k = 0; k < MaxCorrections && cycle > WalkedCycles && Start(cycle) > t; k++)
        {
            cycle--;
        }

        for (var k = 0; k < MaxCorrections && Start(cycle + 1) <= t; k++)
        {
            cycle++;
        }

        return (cycle, Math.Max(0, t - Start(cycle)), _period * Math.Exp(cycle * _logMultiplier));
    }

    private double Start(long cycle) => _period * ExpMinusOne(cycle * _logMultiplier) / (_multiplier - 1);
}
