using LearningRate.Controllers;
using LearningRate.Schedules;

namespace LearningRate.Optimizers;

/// <summary>A set of parameters that share hyper-parameters, seen independently of the algorithm.</summary>
/// <remarks>
/// The learning rate of a step is <c>base × Π controllers' Scale</c>, where the base is a number
/// (<see cref="LearningRate"/>) or a schedule's value at the optimizer's step count (<see cref="Schedule"/>).
/// </remarks>
public interface IParameterGroup
{
    /// <summary>Gets the group's hyper-parameters; <see cref="OptimizerOptions.LearningRate"/> is its initial learning rate.</summary>
    OptimizerOptions Options { get; }

    /// <summary>
    /// Gets or sets the base learning rate. Getting returns the base of the next step: the fixed value, or the bound
    /// <see cref="Schedule"/>'s value at the optimizer's step count. Setting fixes the base to a number (PyTorch
    /// <c>group["lr"] = x</c>); a group's learning rate is either a number or a schedule, so while a schedule is bound
    /// setting throws rather than discard it: set <see cref="Schedule"/> to <see langword="null"/> first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Setting: the value is negative, infinite or NaN. Getting: the bound schedule was built with <c>AfterEnd.Throw</c> and the step count is past its horizon.</exception>
    /// <exception cref="InvalidOperationException">Setting while a <see cref="Schedule"/> is bound.</exception>
    double LearningRate { get; set; }

    /// <summary>
    /// Gets or sets the learning-rate schedule: when set, the base learning rate of a step is
    /// <c>Schedule.At(StepCount)</c>, StepCount being the optimizer's completed steps (so the first step uses
    /// <c>At(0)</c> and resuming needs only the step count); <see langword="null"/> uses the fixed <see cref="LearningRate"/>.
    /// A schedule that cycles momentum (<see cref="Schedules.Schedule.Momentum"/> not null: OneCycle and Cyclic unless
    /// built with <c>cycleMomentum: false</c>) also binds its momentum as <see cref="MomentumSchedule"/>, as PyTorch's
    /// <c>cycle_momentum=True</c> does, and replacing or unbinding it unbinds that momentum schedule again.
    /// </summary>
    /// <exception cref="InvalidOperationException">Setting a schedule that cycles momentum on a group without momentum or β1 (<see cref="SupportsMomentumSchedule"/> is false).</exception>
    ILearningRateSchedule? Schedule { get; set; }

    /// <summary>
    /// Gets or sets the momentum schedule (SGD and RMSprop <c>momentum</c>, Adam <c>β1</c>), usually a cyclic or one-cycle
    /// schedule's <see cref="Schedules.Schedule.Momentum"/>, as PyTorch's <c>cycle_momentum</c> sets it;
    /// <see langword="null"/> uses the value in <see cref="Options"/>. Setting a schedule allocates the momentum
    /// buffers (SGD, RMSprop) that options with momentum 0 lack, as PyTorch's <c>cycle_momentum</c> switches
    /// momentum on; like PyTorch's buffer, SGD's starts from the first gradient.
    /// </summary>
    ILearningRateSchedule? MomentumSchedule { get; set; }

    /// <summary>
    /// Gets a value indicating whether the learning rate can be scheduled or controlled: false for an optimizer that uses
    /// it only as an initial step size (Rprop), where binding a <see cref="Schedule"/>, attaching a controller or running
    /// the learning-rate range test throws.
    /// </summary>
    /// <value>The default implementation returns <see langword="true"/>.</value>
    bool SupportsSchedules => true;

    /// <summary>
    /// Gets a value indicating whether a <see cref="MomentumSchedule"/> can be bound: false for an optimizer with neither
    /// momentum nor β1 (AdaGrad, Adadelta, ASGD, Rprop), where PyTorch's <c>cycle_momentum</c> raises too.
    /// </summary>
    /// <value>The default implementation returns <see langword="true"/>.</value>
    bool SupportsMomentumSchedule => true;

    /// <summary>Gets the controllers whose <see cref="ILearningRateController.Scale"/> multiply the base learning rate, in attachment order.</summary>
    IReadOnlyList<ILearningRateController> Controllers { get; }

    /// <summary>Gets the learning rate the next step will use: the base learning rate times every attached controller's scale.</summary>
    /// <exception cref="InvalidOperationException">The product is negative, infinite or NaN.</exception>
    double NextLearningRate { get; }

    /// <summary>Gets the learning rate the last step used (base × controllers), or <see langword="null"/> before the first step.</summary>
    double? LastLearningRate { get; }

    /// <summary>Gets the number of parameters in the group.</summary>
    int Count { get; }

    /// <summary>
    /// Attaches a controller (reduce-on-plateau, bold driver): from the next step on, the learning rate is multiplied
    /// by its <see cref="ILearningRateController.Scale"/>, read at every step, on top of the number or schedule.
    /// </summary>
    /// <remarks>
    /// A <see cref="ReduceOnPlateau"/> without <see cref="ReduceOnPlateauOptions.BaseLearningRate"/> learns the group's
    /// base here: its fixed <see cref="LearningRate"/> (then <c>MinLearningRate</c> and <c>Epsilon</c> are absolute
    /// rates, as PyTorch's <c>min_lr</c> and <c>eps</c>), or 1 when a <see cref="Schedule"/> is bound (then they apply to
    /// the multiplier). Set the rate or bind the schedule first.
    /// </remarks>
    /// <param name="controller">The controller; one instance may be attached to several groups (a <see cref="ReduceOnPlateau"/> to several groups with the same base).</param>
    /// <exception cref="ArgumentNullException"><paramref name="controller"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="controller"/> is already attached to this group; or it is a <see cref="ReduceOnPlateau"/> that serves a group with another base learning rate, or whose <c>MinLearningRate</c> exceeds this group's rate.</exception>
    void AddController(ILearningRateController controller);

    /// <summary>Detaches a controller; its scale no longer applies from the next step on.</summary>
    /// <param name="controller">The controller.</param>
    /// <returns>Whether it was attached.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="controller"/> is null.</exception>
    bool RemoveController(ILearningRateController controller);
}
