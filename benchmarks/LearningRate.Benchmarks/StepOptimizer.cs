using LearningRate.Benchmarks.Infrastructure;

namespace LearningRate.Benchmarks;

/// <summary>
/// The optimizers whose whole <c>Step()</c> is measured (<see cref="DefaultPolicyBenchmarks{T}"/>,
/// <see cref="StepOverheadBenchmarks{T}"/>), each with its default options and the memory traffic of one step
/// without the gradient check: the arrays it reads and writes per element.
/// </summary>
public enum StepOptimizer
{
    /// <summary><c>new Adam&lt;T&gt;(new AdamOptions { LearningRate = 1e-3 })</c>: reads θ, g, m, v; writes θ, m, v.</summary>
    [Traffic(4, 3)]
    Adam,

    /// <summary><c>new AdamW&lt;T&gt;(new AdamWOptions { LearningRate = 1e-3 })</c>: Adam's traffic.</summary>
    [Traffic(4, 3)]
    AdamW,

    /// <summary>Plain SGD, default options: reads θ, g; writes θ.</summary>
    [Traffic(2, 1)]
    Sgd,

    /// <summary>SGD with momentum 0.9: reads θ, g, b; writes θ, b.</summary>
    [Traffic(3, 2)]
    SgdMomentum,

    /// <summary>RMSprop, default options: reads θ, g, the average of g²; writes θ and the average.</summary>
    [Traffic(3, 2)]
    RmsProp,

    /// <summary>AdaGrad, default options: reads θ, g, the sum; writes θ and the sum.</summary>
    [Traffic(3, 2)]
    AdaGrad,

    /// <summary>Adadelta, default options: reads θ, g and two averages; writes θ and both.</summary>
    [Traffic(4, 3)]
    Adadelta,

    /// <summary>Adamax, default options: reads θ, g, m, u; writes θ, m, u.</summary>
    [Traffic(4, 3)]
    Adamax,

    /// <summary>NAdam, default options: reads θ, g, m, v; writes θ, m, v.</summary>
    [Traffic(4, 3)]
    NAdam,

    /// <summary>RAdam, default options: reads θ, g, m, v; writes θ, m, v.</summary>
    [Traffic(4, 3)]
    RAdam,

    /// <summary>ASGD, default options: reads θ, g, ax; writes θ, ax.</summary>
    [Traffic(3, 2)]
    Asgd,

    /// <summary>Rprop, default options: reads θ, g, the previous gradient and the step sizes; writes θ and both.</summary>
    [Traffic(4, 3)]
    Rprop,
}
