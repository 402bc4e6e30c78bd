namespace LearningRate.Controllers;

/// <summary>
/// The mutable state of a <see cref="ReduceOnPlateau"/> (PyTorch's <c>last_epoch</c>, <c>best</c>,
/// <c>num_bad_epochs</c>, <c>cooldown_counter</c> and the group's <c>lr</c>), for checkpoints. The
/// options are not part of it: restore into a controller built with the same options.
/// </summary>
/// <param name="ReportCount">The number of reports received.</param>
/// <param name="Best">The best metric so far (±∞ before the first improvement).</param>
/// <param name="BadReports">The consecutive bad reports counted.</param>
/// <param name="CooldownRemaining">The reports the cooldown still lasts.</param>
/// <param name="LearningRate">The reference learning rate <c>BaseLearningRate·Scale</c>.</param>
internal readonly record struct ReduceOnPlateauState(
    long ReportCount,
    double Best,
    int BadReports,
    int CooldownRemaining,
    double LearningRate);
