using LearningRate.Kernels;
using LearningRate.Optimizers;
using LearningRate.Tests.Reference;

namespace LearningRate.Tests.Catalogue;

/// <summary>What Adam8Bit and AdamW8Bit share: one kernel, one same-precision loop.</summary>
public abstract class Adam8BitFamilyDescriptor<TOptions> : EightBitDescriptor<TOptions>
    where TOptions : Adam8BitOptions
{
    public override SpanUpdate<T>? SamePrecisionReference<T>(TOptions options, int length) =>
        new Adam8BitSamePrecisionReference<T>(options, length).Step;

    public override SpanUpdate<T> Functional<T>(TOptions options, int length)
    {
        var blocks = BlockQuantization.BlockCount(length, options.BlockSize);
        byte[] ratioCodes = new byte[length], rootCodes = new byte[length];
        float[] ratioScales = new float[blocks], rootScales = new float[blocks];
        long step = 0;
        return (parameters, gradients) => Adam8BitKernel.Update<T>(
            parameters,
            gradients,
            ratioCodes,
            ratioScales,
            rootCodes,
            rootScales,
            options.BlockSize,
            new Adam8BitKernel.Scalars<T>(options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay, options.Maximize, options.DecoupledWeightDecay, ++step));
    }
}
