namespace LearningRate.Schedules;

/// <summary>The amplitude policy of <see cref="Schedule.Cyclic(double, double, long, long?, CyclicMode, double, double, double, bool)"/> (Smith 2017; PyTorch <c>CyclicLR</c> <c>mode</c>).</summary>
public enum CyclicMode
{
    /// <summary>Constant amplitude: scale f = 1 (PyTorch <c>"triangular"</c>).</summary>
    Triangular,

    /// <summary>Amplitude halved every cycle: f(c) = 1/2^(c−1) for cycle c = 1, 2, ... (PyTorch <c>"triangular2"</c>).</summary>
    Triangular2,

    /// <summary>Amplitude decayed per step: f(t) = γ^t over the global step t (PyTorch <c>"exp_range"</c>, which always scales by iterations).</summary>
    ExpRange,
}
