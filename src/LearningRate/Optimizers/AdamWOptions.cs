namespace LearningRate.Optimizers;

/// <summary>
/// Options of <see cref="AdamW{T}"/>: <see cref="AdamOptions"/> with PyTorch AdamW's defaults,
/// <see cref="OptimizerOptions.WeightDecay"/> 0.01 and <see cref="AdamOptions.DecoupledWeightDecay"/> on
/// (<c>torch.optim.AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False)</c>).
/// </summary>
public record AdamWOptions : AdamOptions
{
    /// <inheritdoc/>
    internal override string Kind => "adamw";

    /// <summary>Initializes the options with PyTorch AdamW's defaults.</summary>
    public AdamWOptions()
    {
        WeightDecay = 0.01;
        DecoupledWeightDecay = true;
    }
}
