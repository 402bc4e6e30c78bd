using LearningRate.Optimizers;

namespace LearningRate.Kernels;

/// <summary>AdaGrad's per-step scalars, computed once per step in double and narrowed to <typeparamref name="T"/>.</summary>
internal readonly struct AdaGradScalars<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="options">The group's hyper-parameters.</param>
    /// <param name="learningRate">γ of this step.</param>
    /// <param name="step">The 1-based step t of the learning-rate decay.</param>
    public AdaGradScalars(AdaGradOptions options, double learningRate, long step)
    {
        GradientSign = options.Maximize ? -T.One : T.One;
        WeightDecay = T.CreateTruncating(options.WeightDecay);
        Epsilon = T.CreateTruncating(options.Epsilon);
        NegativeDecayedLearningRate = T.CreateTruncating(-(learningRate / (1 + ((step - 1) * options.LearningRateDecay))));
        Decay = options.WeightDecay != 0;
        EpsilonInsideRoot = options.EpsilonInsideRoot;
    }

    public T GradientSign { get; }

    public T WeightDecay { get; }

    public T Epsilon { get; }

    /// <summary>Gets −γ̃ = −γ / (1 + (t − 1)·η).</summary>
    public T NegativeDecayedLearningRate { get; }

    public bool Decay { get; }

    public bool EpsilonInsideRoot { get; }
}
