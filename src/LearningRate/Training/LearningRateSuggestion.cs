namespace LearningRate.Training;

/// <summary>A learning rate suggested by one rule of the range test, with the point it came from and why.</summary>
/// <param name="Rule">The rule that produced it.</param>
/// <param name="LearningRate">The suggested learning rate.</param>
/// <param name="Index">The index of the sweep point the rule picked (for <see cref="SuggestionRule.MinimumOverTen"/>, the minimum itself).</param>
/// <param name="Loss">The smoothed (trend) loss at that point.</param>
/// <param name="Rationale">One sentence on what the rule saw and why the rate is a good start.</param>
public sealed record LearningRateSuggestion(SuggestionRule Rule, double LearningRate, int Index, double Loss, string Rationale);
