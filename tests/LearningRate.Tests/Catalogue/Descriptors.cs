namespace LearningRate.Tests.Catalogue;

/// <summary>
/// The optimizer catalogue: every non-abstract <see cref="OptimizerDescriptor"/> of the test assembly with a
/// parameterless constructor, found by reflection and ordered by name.
/// </summary>
public static class Descriptors
{
    public static IReadOnlyList<OptimizerDescriptor> All { get; } = Discover();

    public static OptimizerDescriptor Named(string name) => All.Single(d => d.Name == name);

    public static TheoryData<string> Names() => [.. All.Select(d => d.Name)];

    private static OptimizerDescriptor[] Discover() =>
    [
        .. typeof(OptimizerDescriptor).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.IsSubclassOf(typeof(OptimizerDescriptor)) && type.GetConstructor(Type.EmptyTypes) is not null)
            .Select(type => (OptimizerDescriptor)Activator.CreateInstance(type)!)
            .OrderBy(descriptor => descriptor.Name, StringComparer.Ordinal),
    ];
}
