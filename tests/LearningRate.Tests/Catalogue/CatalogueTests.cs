using LearningRate.Optimizers;
using LearningRate.Tests.Conformance;

namespace LearningRate.Tests.Catalogue;

/// <summary>The catalogue is complete and well formed: the generic tests it drives cannot silently miss an optimizer.</summary>
public class CatalogueTests
{
    public static TheoryData<string> Names() => Descriptors.Names();

    [Fact]
    public void EveryOptimizerClassOfTheLibrary_HasOneDescriptor()
    {
        var library = typeof(Optimizer<,>).Assembly.GetExportedTypes()
            .Where(type => type.IsClass && !type.IsAbstract && type.IsGenericTypeDefinition && IsOptimizer(type))
            .ToArray();
        library.Should().NotBeEmpty();

        // The matrix optimizers read the shape the generic tests do not register (Muon refuses a vector, Adafactor factors
        // only matrices); their own tests replay their goldens and transcriptions at every shape (Optimizers/MuonTests,
        // Optimizers/AdafactorTests, Conformance/MuonConformanceTests, Conformance/AdafactorConformanceTests).
        Type[] matrixOptimizers = [typeof(Muon<>), typeof(Adafactor<>)];
        Descriptors.All.Select(d => d.OptimizerType).Should().BeEquivalentTo(library.Except(matrixOptimizers), "every element-wise optimizer class is tested through its descriptor, once");

        static bool IsOptimizer(Type type)
        {
            for (var t = type.BaseType; t is not null; t = t.BaseType)
            {
                if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Optimizer<,>))
                {
                    return true;
                }
            }

            return false;
        }
    }

    [Fact]
    public void CaseNames_AreUniqueAcrossTheCatalogue() =>
        Descriptors.All.SelectMany(d => d.Cases).Select(c => c.Name).Should().OnlyHaveUniqueItems();

    [Theory]
    [MemberData(nameof(Names))]
    public void Descriptor_IsComplete(string name)
    {
        var descriptor = Descriptors.Named(name);
        descriptor.Cases.Should().NotBeEmpty();
        descriptor.InvalidOptions.Should().NotBeEmpty();
        descriptor.Convergence.Should().NotBeEmpty();
        descriptor.Convergence.Select(c => (c.Name, c.Problem)).Should().OnlyHaveUniqueItems();
        if (descriptor.WithoutGoldens is not null)
        {
            descriptor.WithoutGoldens.Should().NotBeNullOrWhiteSpace();
            descriptor.PyTorchNames.Should().BeEmpty("an optimizer without goldens claims no PyTorch class");
            descriptor.Cases.Should().OnlyContain(c => c.CreateSamePrecisionReference<float>(0) != null, "the same-precision loop stands in for the goldens");
            return;
        }

        descriptor.PyTorchNames.Should().NotBeEmpty();
        var goldenTypes = GoldenCase.Names.Select(GoldenCase.Load).Select(g => g.Type).ToHashSet();
        descriptor.PyTorchNames.Should().BeSubsetOf(goldenTypes, "every PyTorch class a descriptor claims has a golden trajectory to reproduce");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryCase_BuildsTheDescriptorsOptimizer(string name)
    {
        var descriptor = Descriptors.Named(name);
        foreach (var optimizerCase in descriptor.Cases)
        {
            optimizerCase.Descriptor.Should().BeSameAs(descriptor);
            optimizerCase.Create<float>(new float[3], new float[3]).GetType().GetGenericTypeDefinition().Should().Be(descriptor.OptimizerType, optimizerCase.Name);
            optimizerCase.Create<double>(new double[3], new double[3]).GetType().GetGenericTypeDefinition().Should().Be(descriptor.OptimizerType, optimizerCase.Name);
        }

        foreach (var row in descriptor.Convergence)
        {
            row.Create(new double[2], new double[2]).GetType().GetGenericTypeDefinition().Should().Be(descriptor.OptimizerType, row.Name);
        }
    }
}
