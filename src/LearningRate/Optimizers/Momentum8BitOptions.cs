using LearningRate.Kernels;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Momentum8Bit{T}"/>: <see cref="MomentumOptions"/> (PyTorch SGD's names and defaults with
/// momentum 0.9, required positive: <c>torch.optim.SGD(lr=1e-3, momentum=0.9, dampening=0, weight_decay=0, nesterov=False, maximize=False)</c>)
/// and the <see cref="BlockSize"/> of the 8-bit velocity.
/// </summary>
public record Momentum8BitOptions : MomentumOptions
{
    /// <inheritdoc/>
    internal override string Kind => "momentum8bit";

    private readonly int _blockSize = BlockQuantization.DefaultBlockSize;

    /// <summary>
    /// Gets the number of consecutive elements that share one scale of the 8-bit velocity (bitsandbytes' block-wise
    /// optimizers use 256). Smaller blocks follow local magnitudes more closely and cost 4 bytes of scale per block.
    /// </summary>
    /// <value>The default value is 256.</value>
    /// <remarks>
    /// Changing it on a group that holds state (through <see cref="ParameterGroup{T, TOptions}.Options"/>) discards the
    /// velocities of its parameters: they restart from zero.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a power of two from 16 to 2048.</exception>
    public int BlockSize
    {
        get => _blockSize;
        init => _blockSize = BlockQuantization.CheckBlockSize(value, nameof(BlockSize));
    }
}
