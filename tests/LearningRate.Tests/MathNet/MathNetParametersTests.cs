using System.Runtime.InteropServices;
using LearningRate.MathNet;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra;

namespace LearningRate.Tests.MathNet;

public class MathNetParametersTests
{
    [Fact]
    public void AddVector_Double_RegistersTheStorageArray_NoCopy()
    {
        var value = DenseVector.OfArray([1.0, 2.0, 3.0]);
        var gradient = new DenseVector(3);
        var adam = new Adam<double>();
        var parameter = adam.Add("v", value, gradient);

        MemoryMarshal.TryGetArray<double>(parameter.Value, out var segment).Should().BeTrue();
        segment.Array.Should().BeSameAs(value.Values);
        MemoryMarshal.TryGetArray<double>(parameter.Gradient, out var gradientSegment).Should().BeTrue();
        gradientSegment.Array.Should().BeSameAs(gradient.Values);
    }

    [Fact]
    public void Step_UpdatesTheVectorInPlace_ExactlyAsOnPlainArrays()
    {
        var value = DenseVector.OfArray([1.0, -2.0, 0.5, 4.0]);
        var gradient = new DenseVector(4);
        var reference = value.ToArray();
        var referenceGradient = new double[4];
        var onMathNet = new AdamW<double>(new AdamWOptions { LearningRate = 0.1 });
        var onArrays = new AdamW<double>(new AdamWOptions { LearningRate = 0.1 });
        onMathNet.Add("v", value, gradient);
        onArrays.Add("v", reference, referenceGradient);

        for (var step = 0; step < 25; step++)
        {
            // Gradient of ½‖v − 3‖², written in place by MathNet.
            value.Subtract(3.0, gradient);
            for (var i = 0; i < 4; i++)
            {
                referenceGradient[i] = reference[i] - 3.0;
            }

            onMathNet.Step();
            onArrays.Step();
        }

        value.ToArray().Should().Equal(reference);
        value.ToArray().Should().NotEqual([1.0, -2.0, 0.5, 4.0]);
    }

    [Fact]
    public void AddMatrix_Float_ColumnMajorStorage_StepsInPlace()
    {
        var value = Matrix<float>.Build.DenseOfArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var gradient = Matrix<float>.Build.Dense(2, 3);
        var sgd = new Momentum<float>(new MomentumOptions { LearningRate = 0.5f, Momentum = 0.9 });
        var parameter = sgd.Add("w", value, gradient);
        parameter.Length.Should().Be(6);
        parameter.Value.Span.ToArray().Should().Equal(1, 4, 2, 5, 3, 6);

        gradient.MapIndexedInplace((r, c, _) => (r * 10) + c, global::MathNet.Numerics.LinearAlgebra.Zeros.Include);
        sgd.Step();

        // First momentum step: buf = g, w ← w − γ·g (PyTorch, no dampening on the first step).
        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                value[r, c].Should().Be(((r * 3) + c + 1) - (0.5f * ((r * 10) + c)));
            }
        }
    }

    [Fact]
    public void AddToGroup_VectorAndMatrix_LandInThatGroup()
    {
        var adam = new Adam<double>(new AdamOptions { WeightDecay = 0.01 });
        var noDecay = adam.AddGroup(adam.Options with { WeightDecay = 0 });
        noDecay.Add("bias", new DenseVector(4), new DenseVector(4));
        noDecay.Add("scale", new DenseMatrix(2, 2), new DenseMatrix(2, 2));
        noDecay.Parameters.Select(p => p.Name).Should().Equal("bias", "scale");
        adam.Groups[0].Count.Should().Be(0);
    }

    [Fact]
    public void Add_SparseOrMismatched_Throws_AndRegistersNothing()
    {
        var adam = new Adam<double>();
        FluentActions.Invoking(() => adam.Add("s", new SparseVector(3), new DenseVector(3)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("value");
        FluentActions.Invoking(() => adam.Add("s", new DenseMatrix(2, 2), SparseMatrix.Create(2, 2, 0.0)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradient");
        FluentActions.Invoking(() => adam.Add("m", new DenseMatrix(2, 3), new DenseMatrix(3, 2)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradient");
        FluentActions.Invoking(() => adam.Add("v", new DenseVector(3), new DenseVector(4)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradient");
        FluentActions.Invoking(() => adam.Add("v", (global::MathNet.Numerics.LinearAlgebra.Vector<double>)null!, new DenseVector(4)))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("value");
        adam.Groups[0].Count.Should().Be(0);
    }

    [Fact]
    public void LinearRegression_WithMathNetForwardAndBackward_Converges()
    {
        // y = X·w* with w* = (2, −1, 0.5): Adam on the mean squared error finds w*.
        var random = new Random(3);
        var x = DenseMatrix.Create(64, 3, (_, _) => (random.NextDouble() * 2) - 1);
        var target = DenseVector.OfArray([2.0, -1.0, 0.5]);
        var y = x * target;
        var w = new DenseVector(3);
        var gradient = new DenseVector(3);
        var adam = new Adam<double>(new AdamOptions { LearningRate = 0.05 });
        adam.Add("w", w, gradient);
        var residual = new DenseVector(64);
        for (var step = 0; step < 1500; step++)
        {
            x.Multiply(w, residual);
            residual.Subtract(y, residual);
            x.TransposeThisAndMultiply(residual, gradient);
            gradient.Multiply(2.0 / 64, gradient);
            adam.Step();
        }

        (w - target).InfinityNorm().Should().BeLessThan(1e-6);
    }

    [Fact]
    public void Step_OnMathNetParameters_AllocatesNothing()
    {
        var adam = new Adam<float>();
        adam.Add("m", Matrix<float>.Build.Dense(16, 16, 1f), Matrix<float>.Build.Dense(16, 16, 0.5f));
        adam.Step();
        Allocations.Fewest(() =>
        {
            adam.Step();
        }).Should().Be(0);
    }
}
