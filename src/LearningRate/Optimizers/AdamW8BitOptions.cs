namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="AdamW8Bit{T}"/>: <see cref="Adam8BitOptions"/> with PyTorch AdamW's defaults,
/// <see cref="OptimizerOptions.WeightDecay"/> 0.01 and <see cref="AdamOptions.DecoupledWeightDecay"/> on
/// (<c>torch.optim.AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False)</c>), and a
/// <see cref="Adam8BitOptions.BlockSize"/> of 256.
/// </summary>
public record AdamW8BitOptions : Adam8BitOptions
{
    /// <inheritdoc/>
    internal override string Kind => "adamw8bit";

    /// <summary>Initializes the options with PyTorch AdamW's defaults.</summary>
    public AdamW8BitOptions()
    {
        WeightDecay = 0.01;
        DecoupledWeightDecay = true;
    }
}
