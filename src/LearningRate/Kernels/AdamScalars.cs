using LearningRate.Optimizers;

namespace LearningRate.Kernels;

/// <summary>Adam's per-step scalars, computed once per step in double and narrowed to <typeparamref name="T"/>.</summary>
internal readonly struct AdamScalars<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="options">The group's hyper-parameters.</param>
    /// <param name="learningRate">γ of this step.</param>
    /// <param name="beta1">β1 of this step: <see cref="AdamOptions.Beta1"/> unless a momentum schedule cycles it.</param>
    /// <param name="step">The 1-based step t of the bias corrections.</param>
    public AdamScalars(AdamOptions options, double learningRate, double beta1, long step)
    {
        var bias1 = 1 - Math.Pow(beta1, step);
        var bias2 = 1 - Math.Pow(options.Beta2, step);
        var decoupled = options.DecoupledWeightDecay;
        GradientSign = options.Maximize ? -T.One : T.One;
        WeightDecay = T.CreateTruncating(options.WeightDecay);
        DecoupledDecayFactor = T.CreateTruncating(decoupled ? 1 - (learningRate * options.WeightDecay) : 1);
        OneMinusBeta1 = T.CreateTruncating(1 - beta1);
        Beta2 = T.CreateTruncating(options.Beta2);
        OneMinusBeta2 = T.CreateTruncating(1 - options.Beta2);
        InverseBiasCorrection2Sqrt = T.CreateTruncating(1 / Math.Sqrt(bias2));
        Epsilon = T.CreateTruncating(options.Epsilon);
        NegativeStepSize = T.CreateTruncating(-learningRate / bias1);
        AmsGrad = options.AmsGrad;
        CoupledDecay = !decoupled && options.WeightDecay != 0;
    }

    public T GradientSign { get; }

    public T WeightDecay { get; }

    public T DecoupledDecayFactor { get; }

    public T OneMinusBeta1 { get; }

    public T Beta2 { get; }

    public T OneMinusBeta2 { get; }

    public T InverseBiasCorrection2Sqrt { get; }

    public T Epsilon { get; }

    public T NegativeStepSize { get; }

    public bool AmsGrad { get; }

    public bool CoupledDecay { get; }
}
