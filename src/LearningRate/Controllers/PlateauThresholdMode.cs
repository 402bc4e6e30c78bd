namespace LearningRate.Controllers;

/// <summary>
/// How <see cref="ReduceOnPlateauOptions.Threshold"/> turns the best metric so far into the bar a new
/// metric must beat (PyTorch <c>threshold_mode</c>, plus a variant that is correct for negative metrics).
/// </summary>
public enum PlateauThresholdMode
{
    /// <summary>
    /// PyTorch <c>"rel"</c>, the default: minimize needs <c>a &lt; best·(1 − threshold)</c>, maximize
    /// needs <c>a &gt; best·(1 + threshold)</c>. Correct only while <c>best</c> is positive: for a
    /// negative best the bar moves the wrong way (see docs/controllers.md).
    /// </summary>
    Relative = 0,

    /// <summary>PyTorch <c>"abs"</c>: minimize needs <c>a &lt; best − threshold</c>, maximize needs <c>a &gt; best + threshold</c>.</summary>
    Absolute = 1,

    /// <summary>
    /// A relative margin of the magnitude, correct for metrics of either sign: minimize needs
    /// <c>a &lt; best − threshold·|best|</c>, maximize needs <c>a &gt; best + threshold·|best|</c>.
    /// It is computed as <c>best·(1 ∓ threshold)</c> on the side of the sign, so it gives exactly
    /// <see cref="Relative"/>'s result for minimize with <c>best ≥ 0</c> and maximize with <c>best ≥ 0</c>.
    /// </summary>
    SignAwareRelative = 2,
}
