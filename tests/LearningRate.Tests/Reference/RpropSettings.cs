namespace LearningRate.Tests.Reference;

/// <summary>
/// The constructor arguments of <c>torch.optim.Rprop</c> under the C# names the library's options adopt,
/// with PyTorch's defaults (<c>lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False</c>).
/// PyTorch's Rprop has no <c>weight_decay</c>.
/// </summary>
public sealed record RpropSettings
{
    /// <summary>Gets the initial step size of every element (PyTorch <c>lr</c>); it is read once, when the state is created.</summary>
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Gets η− (PyTorch <c>etas[0]</c>), the step-size factor after a sign flip.</summary>
    public double EtaMinus { get; init; } = 0.5;

    /// <summary>Gets η+ (PyTorch <c>etas[1]</c>), the step-size factor while the sign holds.</summary>
    public double EtaPlus { get; init; } = 1.2;

    /// <summary>Gets the smallest step size (PyTorch <c>step_sizes[0]</c>).</summary>
    public double StepSizeMin { get; init; } = 1e-6;

    /// <summary>Gets the largest step size (PyTorch <c>step_sizes[1]</c>).</summary>
    public double StepSizeMax { get; init; } = 50;

    public bool Maximize { get; init; }
}
