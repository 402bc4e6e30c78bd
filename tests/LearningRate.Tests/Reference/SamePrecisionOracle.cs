using LearningRate.Tests.Catalogue;

namespace LearningRate.Tests.Reference;

/// <summary>
/// A same-precision plain loop seen as an <see cref="IReferenceOptimizer"/>: each step converts the parameters and
/// gradients to <typeparamref name="T"/> (exactly, since the parity tests draw them in T and this oracle writes back
/// what it computed in T), runs the loop, and writes the parameters back. For rules whose path depends on every
/// rounding (quantized state), the oracle of an optimizer over T is this loop in T, not a loop in double.
/// </summary>
public sealed class SamePrecisionOracle<T>(SpanUpdate<T> update) : IReferenceOptimizer
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Step(double[] parameters, double[] gradients)
    {
        var values = parameters.Select(T.CreateTruncating).ToArray();
        update(values, gradients.Select(T.CreateTruncating).ToArray());
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i] = double.CreateTruncating(values[i]);
        }
    }
}
