using LearningRate.Schedules;

namespace LearningRate.Demo;

/// <summary>A constant learning rate.</summary>
internal sealed class ConstantRate(double rate) : ILearningRateSchedule
{
    public double At(long step) => rate;
}
