namespace LearningRate.Controllers;

/// <summary>
/// What one call of a controller's <c>Report</c> decided: returned by every call (no allocation) and
/// passed to the controller's <c>Changed</c> event when the scale changed, so it can be logged.
/// </summary>
/// <param name="Step">The 0-based index of the report: the number of reports the controller had received before this one.</param>
/// <param name="Metric">The metric or loss that was reported.</param>
/// <param name="OldScale">The controller's scale before the report.</param>
/// <param name="NewScale">The controller's scale after the report (equal to <paramref name="OldScale"/> unless <paramref name="Reason"/> is <see cref="ControllerReason.Reduced"/> or <see cref="ControllerReason.Increased"/>).</param>
/// <param name="Reason">What was decided and why.</param>
/// <param name="RejectStep">
/// Bold driver only: <see langword="true"/> when the caller should undo the step that produced this
/// loss (restore the parameters it saved before the step) and retry with the new, smaller scale.
/// Always <see langword="false"/> for reduce-on-plateau.
/// </param>
public readonly record struct ControllerReport(
    long Step,
    double Metric,
    double OldScale,
    double NewScale,
    ControllerReason Reason,
    bool RejectStep)
{
    /// <summary>Gets a value indicating whether the report changed the scale (<c>NewScale ≠ OldScale</c>).</summary>
    public bool Changed => NewScale != OldScale;
}
