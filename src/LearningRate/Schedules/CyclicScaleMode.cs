namespace LearningRate.Schedules;

/// <summary>What a custom scale function of a cyclic schedule is evaluated on (PyTorch <c>CyclicLR</c> <c>scale_mode</c>).</summary>
public enum CyclicScaleMode
{
    /// <summary>The 1-based cycle number c = ⌊1 + t/(up + down)⌋ (PyTorch <c>"cycle"</c>).</summary>
    Cycle,

    /// <summary>The global 0-based step t (PyTorch <c>"iterations"</c>).</summary>
    Iterations,
}
