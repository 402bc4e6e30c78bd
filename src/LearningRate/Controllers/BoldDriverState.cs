namespace LearningRate.Controllers;

/// <summary>
/// The mutable state of a <see cref="BoldDriver"/>, for checkpoints. The options are not part of it:
/// restore into a bold driver built with the same options.
/// </summary>
/// <param name="ReportCount">The number of reports received.</param>
/// <param name="Scale">The current multiplier.</param>
/// <param name="ReferenceLoss">The loss at the last accepted parameters; NaN before the first finite report.</param>
internal readonly record struct BoldDriverState(long ReportCount, double Scale, double ReferenceLoss);
