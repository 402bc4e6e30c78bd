using LearningRate.Tests.Catalogue;

namespace LearningRate.Tests.Optimizers;

/// <summary>Every configuration of every <see cref="OptimizerDescriptor"/>, by its name (unique across the catalogue).</summary>
public static class OptimizerCases
{
    public static IReadOnlyDictionary<string, OptimizerCase> All { get; } =
        Descriptors.All.SelectMany(descriptor => descriptor.Cases).ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> Names() => [.. All.Keys.Order(StringComparer.Ordinal)];
}
