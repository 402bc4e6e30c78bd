using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Infrastructure;

/// <summary>What the generic schedule-free tests need from an <see cref="IOptimizer"/> or a reference whose class they do not name.</summary>
public static class ScheduleFreeModes
{
    /// <summary>Tells whether the optimizer class derives from <see cref="ScheduleFreeOptimizer{T, TOptions}"/>.</summary>
    public static bool IsScheduleFree(Type optimizerType) =>
        optimizerType.BaseType is { IsGenericType: true } baseType && baseType.GetGenericTypeDefinition() == typeof(ScheduleFreeOptimizer<,>);

    public static void CopyEvaluationParameters<T>(IOptimizer optimizer, Parameter<T> parameter, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (optimizer)
        {
            case ScheduleFreeSgd<T> sgd:
                sgd.CopyEvaluationParametersTo(parameter, destination);
                break;
            case ScheduleFreeAdamW<T> adamW:
                adamW.CopyEvaluationParametersTo(parameter, destination);
                break;
            default:
                throw new NotSupportedException(optimizer.GetType().Name);
        }
    }

    public static void CopyTrainingParameters<T>(IOptimizer optimizer, Parameter<T> parameter, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (optimizer)
        {
            case ScheduleFreeSgd<T> sgd:
                sgd.CopyTrainingParametersTo(parameter, destination);
                break;
            case ScheduleFreeAdamW<T> adamW:
                adamW.CopyTrainingParametersTo(parameter, destination);
                break;
            default:
                throw new NotSupportedException(optimizer.GetType().Name);
        }
    }

    /// <summary>Registers a parameter in the default group, or in a new group with the default group's options.</summary>
    public static Parameter<T> Register<T>(IOptimizer optimizer, string name, Memory<T> value, Memory<T> gradient, bool inNewGroup)
        where T : unmanaged, IFloatingPointIeee754<T> => optimizer switch
        {
            ScheduleFreeSgd<T> sgd => (inNewGroup ? sgd.AddGroup(sgd.Options) : sgd.Groups[0]).Add(name, value, gradient),
            ScheduleFreeAdamW<T> adamW => (inNewGroup ? adamW.AddGroup(adamW.Options) : adamW.Groups[0]).Add(name, value, gradient),
            _ => throw new NotSupportedException(optimizer.GetType().Name),
        };

    /// <summary>Sets the group lr a schedule-free reference reads at its next step.</summary>
    public static void SetLearningRate(IReferenceOptimizer reference, double learningRate)
    {
        switch (reference)
        {
            case ScheduleFreeSgdReference sgd:
                sgd.LearningRate = learningRate;
                break;
            case ScheduleFreeAdamWReference adamW:
                adamW.LearningRate = learningRate;
                break;
            default:
                throw new NotSupportedException(reference.GetType().Name);
        }
    }

    /// <summary>Gets a schedule-free reference's x.</summary>
    public static IReadOnlyList<double> X(IReferenceOptimizer reference) => reference switch
    {
        ScheduleFreeSgdReference sgd => sgd.X,
        ScheduleFreeAdamWReference adamW => adamW.X,
        _ => throw new NotSupportedException(reference.GetType().Name),
    };
}
