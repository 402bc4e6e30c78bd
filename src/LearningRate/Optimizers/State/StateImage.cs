namespace LearningRate.Optimizers.State;

/// <summary>
/// A detached copy of a <see cref="StateBlock"/>: per slot its element type, length and bytes (null when
/// absent), and the scalars. Snapshots hold images; checkpoints are read into images before anything is
/// installed.
/// </summary>
internal sealed record StateImage(StateElement[] Elements, int[] Lengths, byte[]?[] Buffers, double[] Scalars);
