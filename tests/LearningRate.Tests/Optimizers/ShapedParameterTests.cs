using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// Parameters registered with a shape: the shape is checked against the length before anything is registered, kept
/// as a copy, reported by <see cref="Parameter{T}.Shape"/>, and ignored by the element-wise optimizers, which update a
/// shaped parameter bit for bit as an unshaped one.
/// </summary>
public class ShapedParameterTests
{
    [Fact]
    public void Shape_IsTheRegisteredOne_OrTheLengthWithoutOne()
    {
        var adam = new Adam<float>();
        adam.Add("flat", new float[12], new float[12]).Shape.ToArray().Should().Equal(12);
        adam.Add("matrix", new float[12], new float[12], 3, 4).Shape.ToArray().Should().Equal(3, 4);
        adam.Add("kernel", new float[24], new float[24], [2, 3, 2, 2]).Shape.ToArray().Should().Equal(2, 3, 2, 2);
        adam.Add("scalar", new float[1], new float[1], []).Shape.ToArray().Should().BeEmpty();
        adam.Add("empty", Array.Empty<float>(), Array.Empty<float>(), 0, 5).Shape.ToArray().Should().Equal(0, 5);
        ((IOptimizer<float>)adam).Parameters.Should().HaveCount(5);
    }

    [Fact]
    public void Shape_IsACopy()
    {
        int[] shape = [4, 2];
        var sgd = new Sgd<double>(new SgdOptions { LearningRate = 0.1 });
        var parameter = sgd.Groups[0].Add("w", new double[8], new double[8], shape);
        shape[0] = 8;
        shape[1] = 1;
        parameter.Shape.ToArray().Should().Equal(4, 2);
    }

    [Theory]
    [InlineData(new[] { 3, -4 }, 12)]
    [InlineData(new[] { -1 }, 1)]
    public void NegativeDimension_IsRefused_NamingShape(int[] shape, int length)
    {
        var adam = new Adam<float>();
        var add = () => adam.Add("w", new float[length], new float[length], shape);
        add.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("shape");
        ((IOptimizer<float>)adam).Parameters.Should().BeEmpty();
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, 12)]
    [InlineData(new int[0], 2)]
    [InlineData(new[] { 0, 7 }, 1)]
    [InlineData(new[] { 65_536, 65_536, 2 }, 0)]
    [InlineData(new[] { 65_536, 65_537 }, 65_536)]
    public void ShapeOfAnotherLength_IsRefused_NamingShape_AndLeavesTheNameFree(int[] shape, int length)
    {
        var adam = new Adam<float>();
        var add = () => adam.Add("w", new float[length], new float[length], shape);
        add.Should().Throw<ArgumentException>().Where(e => e.ParamName == "shape" && e.Message.Contains($"the parameter has {length}"));
        ((IOptimizer<float>)adam).Parameters.Should().BeEmpty();

        // The name was never taken.
        adam.Add("w", new float[length], new float[length]).Name.Should().Be("w");
    }

    [Fact]
    public void ElementwiseOptimizers_UpdateAShapedParameter_AsAnUnshapedOne()
    {
        ShapeIsIgnored<float, AdamOptions>(() => new Adam<float>(new AdamOptions { LearningRate = 0.01, AmsGrad = true }));
        ShapeIsIgnored<double, AdamOptions>(() => new AdamW<double>(new AdamWOptions { LearningRate = 0.01 }));
        ShapeIsIgnored<float, SgdOptions>(() => new Sgd<float>(new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true }));
        ShapeIsIgnored<double, LambOptions>(() => new Lamb<double>(new LambOptions { LearningRate = 0.01, WeightDecay = 0.1 }));
        ShapeIsIgnored<float, LionOptions>(() => new Lion<float>(new LionOptions { LearningRate = 1e-3 }));
        ShapeIsIgnored<double, ScheduleFreeAdamWOptions>(() => new ScheduleFreeAdamW<double>(new ScheduleFreeAdamWOptions { LearningRate = 0.01 }));
        ShapeIsIgnored<float, Adam8BitOptions>(() => new Adam8Bit<float>(new Adam8BitOptions { LearningRate = 0.01 }));
    }

    [Fact]
    public void Checkpoint_OfAShapedParameter_LoadsIntoAnUnshapedOne()
    {
        var random = new Random(3);
        var values = TestData.Uniform<float>(random, 35, -1, 1);
        var gradients = TestData.Uniform<float>(random, 35, -1, 1);
        var shaped = new Adam<float>(new AdamOptions { LearningRate = 0.01 });
        shaped.Add("w", values.ToArray(), gradients.ToArray(), 5, 7);
        shaped.Step();
        using var stream = new MemoryStream();
        Checkpoint.Save(shaped, stream);

        var flat = new Adam<float>(new AdamOptions { LearningRate = 0.01 });
        flat.Add("w", new float[35], new float[35]);
        stream.Position = 0;
        Checkpoint.Load(flat, stream);

        OptimizerSnapshot.Of<float>(flat).Should().Be(OptimizerSnapshot.Of<float>(shaped));
    }

    private static void ShapeIsIgnored<T, TOptions>(Func<Optimizer<T, TOptions>> create)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
    {
        var random = new Random(11);
        var start = TestData.Uniform<T>(random, 6 * 7 * 3, -1, 1);
        T[] shapedValues = start.ToArray(), shapedGradients = new T[start.Length];
        T[] flatValues = start.ToArray(), flatGradients = new T[start.Length];
        var shaped = create();
        shaped.Add("w", shapedValues, shapedGradients, 6, 7, 3);
        var flat = create();
        flat.Add("w", flatValues, flatGradients);
        for (var step = 0; step < 5; step++)
        {
            var gradient = TestData.Uniform<T>(random, start.Length, -1, 1);
            gradient.CopyTo(shapedGradients);
            gradient.CopyTo(flatGradients);
            shaped.Step();
            flat.Step();
        }

        TestData.ShouldHaveSameBits<T>(shapedValues, flatValues, $"{typeof(TOptions).Name} {typeof(T).Name}: a [6, 7, 3] parameter");
    }
}
