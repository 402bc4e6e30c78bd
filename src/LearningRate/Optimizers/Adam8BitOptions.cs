using LearningRate.Internal;
using LearningRate.Kernels;

namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="Adam8Bit{T}"/>: <see cref="AdamOptions"/> with PyTorch's names and defaults
/// (<c>torch.optim.Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False, decoupled_weight_decay=False)</c>)
/// and the <see cref="BlockSize"/> of the 8-bit state.
/// </summary>
/// <remarks>
/// <see cref="AdamOptions.AmsGrad"/> must stay false: the 8-bit state keeps no running maximum of the second moment
/// (bitsandbytes' <c>Adam8bit</c> refuses it too).
/// </remarks>
public record Adam8BitOptions : AdamOptions
{
    /// <inheritdoc/>
    internal override string Kind => "adam8bit";

    private readonly int _blockSize = BlockQuantization.DefaultBlockSize;

    /// <summary>
    /// Gets the number of consecutive elements that share one scale of the 8-bit state (bitsandbytes' block-wise
    /// optimizers use 256). Smaller blocks follow local magnitudes more closely and cost 8 bytes of scales per block.
    /// </summary>
    /// <value>The default value is 256.</value>
    /// <remarks>
    /// Changing it on a group that holds state (through <see cref="ParameterGroup{T, TOptions}.Options"/>) discards the
    /// moments of its parameters: they restart from zero, as the scales of the old blocks mean nothing for the new ones.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a power of two from 16 to 2048.</exception>
    public int BlockSize
    {
        get => _blockSize;
        init => _blockSize = BlockQuantization.CheckBlockSize(value, nameof(BlockSize));
    }

    /// <inheritdoc/>
    internal override void Validate()
    {
        base.Validate();
        if (AmsGrad)
        {
            Guard.ThrowArgument(nameof(AmsGrad), "8-bit Adam keeps no running maximum of the second moment: AmsGrad must be false.");
        }
    }
}
