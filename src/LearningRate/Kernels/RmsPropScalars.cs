using LearningRate.Optimizers;

namespace LearningRate.Kernels;

/// <summary>RMSprop's per-step scalars, computed once per step in double and narrowed to <typeparamref name="T"/>.</summary>
internal readonly struct RmsPropScalars<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="options">The group's hyper-parameters.</param>
    /// <param name="learningRate">γ of this step.</param>
    /// <param name="momentum">μ of this step: <see cref="RmsPropOptions.Momentum"/> unless a momentum schedule cycles it.</param>
    public RmsPropScalars(RmsPropOptions options, double learningRate, double momentum)
    {
        GradientSign = options.Maximize ? -T.One : T.One;
        WeightDecay = T.CreateTruncating(options.WeightDecay);
        Alpha = T.CreateTruncating(options.Alpha);
        OneMinusAlpha = T.CreateTruncating(1 - options.Alpha);
        Epsilon = T.CreateTruncating(options.Epsilon);
        Momentum = T.CreateTruncating(momentum);
        NegativeLearningRate = T.CreateTruncating(-learningRate);
        Decay = options.WeightDecay != 0;
        Centered = options.Centered;
        EpsilonInsideRoot = options.EpsilonInsideRoot;
        UsesMomentum = momentum > 0;
    }

    public T GradientSign { get; }

    public T WeightDecay { get; }

    public T Alpha { get; }

    public T OneMinusAlpha { get; }

    public T Epsilon { get; }

    public T Momentum { get; }

    public T NegativeLearningRate { get; }

    public bool Decay { get; }

    public bool Centered { get; }

    public bool EpsilonInsideRoot { get; }

    public bool UsesMomentum { get; }
}
