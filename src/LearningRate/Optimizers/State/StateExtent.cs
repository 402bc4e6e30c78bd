namespace LearningRate.Optimizers.State;

/// <summary>
/// The size of what a buffer belongs to, from which its length is derived: a parameter's element count
/// (and shape, when one is registered), or the element count of a whole group or optimizer.
/// </summary>
/// <param name="Length">The owner's element count.</param>
/// <param name="Shape">The owner's shape, row-major, or <see langword="null"/> when it has none.</param>
internal readonly record struct StateExtent(long Length, int[]? Shape);
