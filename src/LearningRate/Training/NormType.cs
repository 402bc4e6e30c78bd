namespace LearningRate.Training;

/// <summary>The vector norm that gradient clipping measures (PyTorch <c>norm_type</c>).</summary>
public enum NormType
{
    /// <summary>The L2 (Euclidean) norm <c>√(Σ g²)</c>, PyTorch's default <c>norm_type=2</c>.</summary>
    L2,

    /// <summary>The L1 norm <c>Σ |g|</c> (<c>norm_type=1</c>).</summary>
    L1,

    /// <summary>The maximum norm <c>max |g|</c> (<c>norm_type=inf</c>); NaN when any element is NaN.</summary>
    Infinity,
}
