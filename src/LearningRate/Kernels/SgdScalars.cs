using LearningRate.Optimizers;

namespace LearningRate.Kernels;

/// <summary>SGD's per-step scalars, computed once per step in double and narrowed to <typeparamref name="T"/>.</summary>
internal readonly struct SgdScalars<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="options">The group's hyper-parameters.</param>
    /// <param name="learningRate">γ of this step.</param>
    /// <param name="momentum">μ of this step: <see cref="SgdOptions.Momentum"/> unless a momentum schedule cycles it.</param>
    public SgdScalars(SgdOptions options, double learningRate, double momentum)
    {
        GradientSign = options.Maximize ? -T.One : T.One;
        WeightDecay = T.CreateTruncating(options.WeightDecay);
        Momentum = T.CreateTruncating(momentum);
        OneMinusDampening = T.CreateTruncating(1 - options.Dampening);
        NegativeLearningRate = T.CreateTruncating(-learningRate);
        Decay = options.WeightDecay != 0;
        UsesMomentum = momentum != 0;
        Nesterov = options.Nesterov;
    }

    public T GradientSign { get; }

    public T WeightDecay { get; }

    public T Momentum { get; }

    public T OneMinusDampening { get; }

    public T NegativeLearningRate { get; }

    public bool Decay { get; }

    public bool UsesMomentum { get; }

    public bool Nesterov { get; }
}
