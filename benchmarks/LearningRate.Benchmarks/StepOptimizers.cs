using LearningRate.Kernels;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>Builds the <see cref="StepOptimizer"/> configurations, and each one's bare kernel call.</summary>
public static class StepOptimizers
{
    /// <summary>The bare kernel of one step over caller-owned arrays: θ, g and up to three state buffers of θ's length.</summary>
    public delegate void KernelCall<T>(T[] parameters, T[] gradients, T[] state0, T[] state1, T[] state2)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Builds <paramref name="kind"/> with its default options and <paramref name="policy"/>, and registers <paramref name="tensors"/> as p0, p1, ….</summary>
    public static IOptimizer Create<T>(StepOptimizer kind, NonFinitePolicy policy, IReadOnlyList<(T[] Value, T[] Gradient)> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        IOptimizer optimizer = kind switch
        {
            StepOptimizer.Adam => Register(new Adam<T>(new AdamOptions { LearningRate = 1e-3 }), tensors),
            StepOptimizer.AdamW => Register(new AdamW<T>(new AdamWOptions { LearningRate = 1e-3 }), tensors),
            StepOptimizer.Sgd => Register(new Sgd<T>(new SgdOptions()), tensors),
            StepOptimizer.SgdMomentum => Register(new Sgd<T>(new SgdOptions { Momentum = 0.9 }), tensors),
            StepOptimizer.RmsProp => Register(new RmsProp<T>(new RmsPropOptions()), tensors),
            StepOptimizer.AdaGrad => Register(new AdaGrad<T>(new AdaGradOptions()), tensors),
            StepOptimizer.Adadelta => Register(new Adadelta<T>(new AdadeltaOptions()), tensors),
            StepOptimizer.Adamax => Register(new Adamax<T>(new AdamaxOptions()), tensors),
            StepOptimizer.NAdam => Register(new NAdam<T>(new NAdamOptions()), tensors),
            StepOptimizer.RAdam => Register(new RAdam<T>(new RAdamOptions()), tensors),
            StepOptimizer.Asgd => Register(new Asgd<T>(new AsgdOptions()), tensors),
            StepOptimizer.Rprop => Register(new Rprop<T>(new RpropOptions()), tensors),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        optimizer.NonFiniteGradients = policy;
        return optimizer;
    }

    /// <summary>
    /// The unchecked kernel of <paramref name="kind"/> (what <c>Step()</c> runs per tensor), with the scalars of its
    /// default options at step 10 built once: what any loop that calls the kernel once per tensor pays.
    /// </summary>
    public static KernelCall<T> Kernel<T>(StepOptimizer kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case StepOptimizer.Adam or StepOptimizer.AdamW:
            {
                AdamOptions o = kind == StepOptimizer.Adam ? new AdamOptions() : new AdamWOptions();
                var s = AdamKernel.Scalars<T>.Unchecked(o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.AmsGrad, o.Maximize, o.DecoupledWeightDecay, 10);
                return (p, g, s0, s1, _) => AdamKernel.Apply(s, p, g, s0, s1, default);
            }

            case StepOptimizer.Sgd or StepOptimizer.SgdMomentum:
            {
                var s = SgdKernel.Scalars<T>.Unchecked(1e-3, kind == StepOptimizer.Sgd ? 0 : 0.9, 0, 0, false, false);
                return (p, g, s0, _, _) => SgdKernel.Apply(s, p, g, s0, momentumStarted: true);
            }

            case StepOptimizer.RmsProp:
            {
                var o = new RmsPropOptions();
                var s = RmsPropKernel.Scalars<T>.Unchecked(o.LearningRate, o.Alpha, o.Epsilon, o.WeightDecay, o.Momentum, o.Centered, o.Maximize, o.EpsilonInsideRoot);
                return (p, g, s0, _, _) => RmsPropKernel.Apply(s, p, g, s0, default, default);
            }

            case StepOptimizer.AdaGrad:
            {
                var o = new AdaGradOptions();
                var s = AdaGradKernel.Scalars<T>.Unchecked(o.LearningRate, o.LearningRateDecay, o.WeightDecay, o.Epsilon, o.Maximize, o.EpsilonInsideRoot, 10);
                return (p, g, s0, _, _) => AdaGradKernel.Apply(s, p, g, s0);
            }

            case StepOptimizer.Adadelta:
            {
                var o = new AdadeltaOptions();
                var s = AdadeltaKernel.Scalars<T>.Unchecked(o.LearningRate, o.Rho, o.Epsilon, o.WeightDecay, o.Maximize);
                return (p, g, s0, s1, _) => AdadeltaKernel.Apply(s, p, g, s0, s1);
            }

            case StepOptimizer.Adamax:
            {
                var o = new AdamaxOptions();
                var s = AdamaxKernel.Scalars<T>.Unchecked(o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.Maximize, 10);
                return (p, g, s0, s1, _) => AdamaxKernel.Apply(s, p, g, s0, s1);
            }

            case StepOptimizer.NAdam:
            {
                var o = new NAdamOptions();
                var s = NAdamKernel.Scalars<T>.Unchecked(o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.MomentumDecay, o.DecoupledWeightDecay, o.Maximize, 10, 0.4);
                return (p, g, s0, s1, _) => NAdamKernel.Apply(s, p, g, s0, s1);
            }

            case StepOptimizer.RAdam:
            {
                var o = new RAdamOptions();
                var s = RAdamKernel.Scalars<T>.Unchecked(o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay, o.DecoupledWeightDecay, o.Maximize, 10);
                return (p, g, s0, s1, _) => RAdamKernel.Apply(s, p, g, s0, s1);
            }

            case StepOptimizer.Asgd:
            {
                var o = new AsgdOptions();
                var s = AsgdKernel.Scalars<T>.Unchecked(o.Lambd, o.WeightDecay, o.Maximize, o.LearningRate, 1);
                return (p, g, s0, _, _) => AsgdKernel.Apply(s, p, g, s0);
            }

            case StepOptimizer.Rprop:
            {
                var o = new RpropOptions();
                var s = RpropKernel.Scalars<T>.Unchecked(o.EtaMinus, o.EtaPlus, o.StepSizeMin, o.StepSizeMax, o.Maximize);
                return (p, g, s0, s1, _) => RpropKernel.Apply(s, p, g, s0, s1);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static IOptimizer Register<T, TOptions>(Optimizer<T, TOptions> optimizer, IReadOnlyList<(T[] Value, T[] Gradient)> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
    {
        for (var i = 0; i < tensors.Count; i++)
        {
            optimizer.Add($"p{i}", tensors[i].Value, tensors[i].Gradient);
        }

        return optimizer;
    }
}
