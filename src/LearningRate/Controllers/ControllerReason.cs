namespace LearningRate.Controllers;

/// <summary>What a controller decided on one report, and why (<see cref="ControllerReport.Reason"/>).</summary>
public enum ControllerReason
{
    /// <summary>Bold driver: the first finite loss became the reference; nothing changed.</summary>
    Baseline = 0,

    /// <summary>Reduce-on-plateau: the metric beat the best one by the threshold and became the best; nothing changed.</summary>
    Improved = 1,

    /// <summary>Reduce-on-plateau: the metric did not beat the best one (NaN never does); one more bad report, patience not yet run out.</summary>
    NotImproved = 2,

    /// <summary>Reduce-on-plateau: no improvement, but the cooldown after a reduction is running, so it did not count.</summary>
    Cooldown = 3,

    /// <summary>Bold driver: the loss did not fall, but rose by no more than the tolerance; nothing changed.</summary>
    WithinTolerance = 4,

    /// <summary>The scale was cut (plateau: patience ran out; bold driver: the loss rose beyond the tolerance).</summary>
    Reduced = 5,

    /// <summary>Bold driver: the loss fell and the scale was raised.</summary>
    Increased = 6,

    /// <summary>A cut was due but the scale is at its floor (plateau: or the drop would not exceed the epsilon); nothing changed.</summary>
    AtMinimum = 7,

    /// <summary>Bold driver: the loss fell but the scale is at its ceiling; nothing changed.</summary>
    AtMaximum = 8,
}
