using System.Numerics;
using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Schedules;

namespace LearningRate.Tests.Checkpoints.V1;

/// <summary>
/// The setups behind the version-1 checkpoint files in this folder, by file name. Compiled into the test
/// project and into <c>Generate.cs</c>: the files are what these runs saved after <see cref="SavedAfter"/>
/// steps, so a case must never change once its file is committed (add a new case and file instead).
/// </summary>
public static class V1Cases
{
    /// <summary>The steps each run took before it was saved.</summary>
    public const int SavedAfter = 6;

    /// <summary>The steps the test runs after loading, side by side with the uninterrupted reference.</summary>
    public const int ContinuedFor = 6;

    /// <summary>Gets each case by name; the argument says whether the run is built as the target of a load.</summary>
    public static IReadOnlyDictionary<string, Func<bool, V1Run>> All { get; } = new Dictionary<string, Func<bool, V1Run>>
    {
        ["sgd-float"] = Sgd<float>,
        ["sgd-double"] = Sgd<double>,
        ["sgd-nesterov-float"] = SgdNesterov<float>,
        ["sgd-nesterov-double"] = SgdNesterov<double>,
        ["momentum-float"] = Momentum<float>,
        ["momentum-double"] = Momentum<double>,
        ["adagrad-float"] = AdaGrad<float>,
        ["adagrad-double"] = AdaGrad<double>,
        ["rmsprop-centered-momentum-float"] = RmsProp<float>,
        ["rmsprop-centered-momentum-double"] = RmsProp<double>,
        ["adam-float"] = Adam<float>,
        ["adam-double"] = Adam<double>,
        ["adam-amsgrad-float"] = AdamAmsGrad<float>,
        ["adam-amsgrad-double"] = AdamAmsGrad<double>,
        ["adamw-float"] = AdamW<float>,
        ["adamw-double"] = AdamW<double>,

        ["schedule-constant"] = Scheduled(() => Schedule.Constant(0.02)),
        ["schedule-step"] = Scheduled(() => Schedule.StepDecay(0.05, 2, gamma: 0.5)),
        ["schedule-multi-step"] = Scheduled(() => Schedule.MultiStep(0.05, [2, 5, 9], gamma: 0.5)),
        ["schedule-exponential"] = Scheduled(() => Schedule.Exponential(0.05, 0.8)),
        ["schedule-inverse-time"] = Scheduled(() => Schedule.InverseTime(0.05, 0.5)),
        ["schedule-inverse-sqrt"] = Scheduled(() => Schedule.InverseSqrt(0.05, 3)),
        ["schedule-linear"] = Scheduled(() => Schedule.Linear(0.05, 0.005, 10)),
        ["schedule-warmup"] = Scheduled(() => Schedule.Linear(0.005, 0.05, 4)),
        ["schedule-polynomial"] = Scheduled(() => Schedule.Polynomial(0.05, 10, power: 2, end: 0.001)),
        ["schedule-cosine"] = Scheduled(() => Schedule.Cosine(0.05, 10, minimum: 0.001)),
        ["schedule-warm-restarts"] = Scheduled(() => Schedule.CosineWarmRestarts(0.05, 3, periodMultiplier: 2, minimum: 0.001)),
        ["schedule-cyclic"] = Scheduled(() => Schedule.Cyclic(0.005, 0.05, stepSizeUp: 3, cycleMomentum: false)),
        ["schedule-one-cycle"] = Scheduled(() => Schedule.OneCycle(0.05, 12, cycleMomentum: false)),
        ["schedule-warmup-stable-decay"] = Scheduled(() => Schedule.WarmupStableDecay(0.05, 2, 3, 5, minimum: 0.001)),
        ["schedule-composed"] = Scheduled(() => Schedule.Linear(0, 0.05, 3).Then(Schedule.Cosine(0.05, 8, minimum: 0.001)).Times(Schedule.Exponential(1, 0.95)).Times(0.8).Clamp(0.002, 0.03)),
        ["schedule-function"] = Scheduled(() => Schedule.FromFunction(step => 0.05 / (1 + (0.5 * step)))),
        ["schedule-one-cycle-momentum"] = Scheduled(() => Schedule.OneCycle(0.05, 12), momentum: true),
        ["schedule-cyclic-momentum-sgd"] = CyclicMomentumSgd,

        ["controller-plateau"] = Controlled(() => new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 1, Cooldown = 1, Factor = 0.5, BaseLearningRate = 0.05 })),
        ["controller-bold-driver"] = Controlled(() => new BoldDriver()),
        ["controller-both-with-cosine"] = Controlled(
            () => new ReduceOnPlateau(new ReduceOnPlateauOptions { Patience = 1, Cooldown = 1, Factor = 0.5, BaseLearningRate = 0.05 }),
            () => new BoldDriver(new BoldDriverOptions { MaxScale = 2 })),

        ["two-groups-float"] = TwoGroups<float>,
        ["two-groups-double"] = TwoGroups<double>,
        ["late-parameter-float"] = LateParameter<float>,
        ["late-parameter-double"] = LateParameter<double>,
    };

    /// <summary>The file a case is saved to.</summary>
    public static string FileName(string name) => $"{name}.ckpt";

    private static V1Run Sgd<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Standard(new Sgd<T>(new SgdOptions { LearningRate = 0.05 }), forLoading);

    private static V1Run SgdNesterov<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Standard(new Sgd<T>(new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 0.01 }), forLoading);

    private static V1Run Momentum<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Standard(new Momentum<T>(new MomentumOptions { LearningRate = 0.05, Momentum = 0.8 }), forLoading);

    private static V1Run AdaGrad<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Standard(new AdaGrad<T>(new AdaGradOptions { LearningRate = 0.1, LearningRateDecay = 0.01, InitialAccumulatorValue = 0.1 }), forLoading);

    private static V1Run RmsProp<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Standard(new RmsProp<T>(new RmsPropOptions { LearningRate = 0.01, Centered = true, Momentum = 0.9 }), forLoading);

    private static V1Run Adam<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Standard(new Adam<T>(new AdamOptions { LearningRate = 0.05 }), forLoading);

    private static V1Run AdamAmsGrad<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Standard(new Adam<T>(new AdamOptions { LearningRate = 0.05, AmsGrad = true, WeightDecay = 0.01 }), forLoading);

    private static V1Run AdamW<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Standard(new AdamW<T>(new AdamWOptions { LearningRate = 0.05, WeightDecay = 0.1 }), forLoading);

    /// <summary>An Adam (float) whose group follows the schedule; with <paramref name="momentum"/>, β1 follows the schedule's momentum (group.MomentumSchedule).</summary>
    private static Func<bool, V1Run> Scheduled(Func<Schedule> schedule, bool momentum = false) => forLoading =>
    {
        var adam = new Adam<float>(new AdamOptions { LearningRate = 0.05 });
        var bound = schedule();
        adam.Groups[0].Schedule = bound;
        if (momentum)
        {
            adam.Groups[0].MomentumSchedule = bound.Momentum ?? throw new InvalidOperationException("The schedule has no momentum.");
        }

        return Standard(adam, forLoading);
    };

    /// <summary>SGD with momentum whose learning rate and momentum both follow a cyclic schedule (PyTorch's CyclicLR with cycle_momentum).</summary>
    private static V1Run CyclicMomentumSgd(bool forLoading)
    {
        var sgd = new Sgd<float>(new SgdOptions { LearningRate = 0.05, Momentum = 0.9 });
        var cyclic = Schedule.Cyclic(0.005, 0.05, stepSizeUp: 3, baseMomentum: 0.8, maxMomentum: 0.9);
        sgd.Groups[0].Schedule = cyclic;
        sgd.Groups[0].MomentumSchedule = cyclic.Momentum;
        return Standard(sgd, forLoading);
    }

    /// <summary>An Adam (float) with the controllers attached to its group in order; with two, a cosine schedule underneath.</summary>
    private static Func<bool, V1Run> Controlled(params Func<ILearningRateController>[] controllers) => forLoading =>
    {
        var adam = new Adam<float>(new AdamOptions { LearningRate = 0.05 });
        foreach (var controller in controllers)
        {
            adam.Groups[0].AddController(controller());
        }

        if (controllers.Length > 1)
        {
            adam.Groups[0].Schedule = Schedule.Cosine(0.05, 12, minimum: 0.001);
        }

        return Standard(adam, forLoading);
    };

    /// <summary>AdamW with a stepped schedule on its first group and a second group without weight decay, with AMSGrad, whose fixed rate is changed before step 2.</summary>
    private static V1Run TwoGroups<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var adamW = new AdamW<T>(new AdamWOptions { LearningRate = 0.05, WeightDecay = 0.1 });
        adamW.Groups[0].Schedule = Schedule.StepDecay(0.05, 3, gamma: 0.5);
        var noDecay = adamW.AddGroup(adamW.Options with { LearningRate = 0.02, WeightDecay = 0, AmsGrad = true });
        return new V1Run(adamW, forLoading)
            .Add<T>(adamW.Add, "w", 11)
            .Add<T>(noDecay.Add, "bias", 5)
            .Add<T>(noDecay.Add, "norm", 7)
            .Before(2, () => noDecay.LearningRate = 0.01);
    }

    /// <summary>Adam where "late" joins before step 3, so its per-parameter step count trails the optimizer's by 3.</summary>
    private static V1Run LateParameter<T>(bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var adam = new Adam<T>(new AdamOptions { LearningRate = 0.05 });
        return new V1Run(adam, forLoading)
            .Add<T>(adam.Add, "w", 9)
            .Add<T>(adam.Add, "late", 6, registeredAt: 3);
    }

    /// <summary>The usual two parameters: 37 elements (a vector body and a scalar tail in the kernels) and 5.</summary>
    private static V1Run Standard<T, TOptions>(Optimizer<T, TOptions> optimizer, bool forLoading)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions =>
        new V1Run(optimizer, forLoading)
            .Add<T>(optimizer.Add, "w", 37)
            .Add<T>(optimizer.Add, "b", 5);
}
