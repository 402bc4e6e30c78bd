namespace LearningRate.ScalingPlot;

/// <summary>
/// A range of sizes on the plot's x axis, in parameters: where every row's working set fits the named
/// level (<see cref="IsTransition"/> false: <c>L1d</c>, <c>L2</c>, <c>L3</c> or <c>DRAM</c>), or where the
/// rows leave the named level one after another, the heaviest (most bytes per parameter) first.
/// </summary>
public sealed record ScalingBand(string Name, double From, double To, bool IsTransition);
