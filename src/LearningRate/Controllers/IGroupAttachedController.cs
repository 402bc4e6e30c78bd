namespace LearningRate.Controllers;

/// <summary>
/// A controller of this library that learns from the parameter groups it is attached to: the group tells it its
/// base learning rate on <c>AddController</c> and that it left on <c>RemoveController</c>.
/// </summary>
internal interface IGroupAttachedController : ILearningRateController
{
    /// <summary>Checks and records an attachment; throws, changing nothing, when the controller cannot serve this group.</summary>
    /// <param name="fixedLearningRate">The group's fixed learning rate, or <see langword="null"/> when a schedule is bound.</param>
    void Attach(double? fixedLearningRate);

    /// <summary>Records that a group the controller was attached to let it go.</summary>
    void Detach();
}
