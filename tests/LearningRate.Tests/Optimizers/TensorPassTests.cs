using System.Runtime.InteropServices;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// The multi-tensor step: a group of many tensors, registered at different times (so with different step counts,
/// NAdam Πμ, ASGD η and μ, first momentum steps, first Rprop steps), in two groups, one of them empty, one in native
/// memory, gives every tensor bit for bit what the same configuration gives that tensor alone.
/// </summary>
public class TensorPassTests
{
    public static TheoryData<string> Cases() => OptimizerCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryTensor_GetsTheBitsOfItsParameterSteppedAlone(string name)
    {
        Check<float>(OptimizerCases.All[name]);
        Check<double>(OptimizerCases.All[name]);
    }

    [Fact]
    public void ManyTensors_StepWithoutAllocating()
    {
        const int Tensors = 1_000;
        var adam = new Adam<float>(new AdamOptions { LearningRate = 1e-3 });
        var sgd = new Sgd<float>(new SgdOptions { LearningRate = 1e-3, Momentum = 0.9 });
        var random = new Random(4);
        for (var i = 0; i < Tensors; i++)
        {
            adam.Add($"p{i}", new float[100], TestData.Uniform<float>(random, 100, -1, 1));
            sgd.Add($"p{i}", new float[100], TestData.Uniform<float>(random, 100, -1, 1));
        }

        adam.Step();
        sgd.Step();
        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 4; i++)
            {
                adam.Step();
                sgd.Step();
            }
        }).Should().Be(0);
    }

    [Fact]
    public void TurningAmsGradOn_BetweenSteps_UsesTheNewBuffer()
    {
        var random = new Random(5);
        var gradients = Enumerable.Range(0, 6).Select(_ => TestData.Uniform<double>(random, 40, -1, 1)).ToArray();
        double[] many = TestData.Uniform<double>(new Random(6), 40, -1, 1), alone = [.. many];
        double[] gradient = new double[40], aloneGradient = new double[40];
        var adam = new Adam<double>();
        adam.Add("w", many.AsMemory(0, 25), gradient.AsMemory(0, 25));
        adam.Add("b", many.AsMemory(25), gradient.AsMemory(25));
        var first = new Adam<double>();
        first.Add("w", alone.AsMemory(0, 25), aloneGradient.AsMemory(0, 25));
        var second = new Adam<double>();
        second.Add("b", alone.AsMemory(25), aloneGradient.AsMemory(25));
        for (var step = 0; step < gradients.Length; step++)
        {
            if (step == 3)
            {
                adam.Groups[0].Options = adam.Options with { AmsGrad = true };
                first.Groups[0].Options = first.Options with { AmsGrad = true };
                second.Groups[0].Options = second.Options with { AmsGrad = true };
            }

            gradients[step].CopyTo(gradient, 0);
            gradients[step].CopyTo(aloneGradient, 0);
            adam.Step();
            first.Step();
            second.Step();
        }

        TestData.ShouldHaveSameBits<double>(many, alone, "AMSGrad switched on after three steps");
    }

    [Fact]
    public void AReleasedOrNewBuffer_IsSeenByTheNextStep()
    {
        var sgd = new Sgd<float>(new SgdOptions { Momentum = 0.9 });
        var parameter = sgd.Add("w", new float[8], new float[8]);
        sgd.Groups[0].Tensors.IsPresentEverywhere(0).Should().BeTrue();

        // A restore releases a buffer the snapshot did not have; the table must not keep the old one.
        parameter.Block.Release(0);
        sgd.Groups[0].Tensors.IsPresentEverywhere(0).Should().BeFalse();
        var step = () => sgd.Step();
        step.Should().Throw<InvalidOperationException>().WithMessage("Parameter 'w' has no momentum buffer*");

        parameter.Block.Ensure(0, parameter.Block.ElementOf(0), 8, 0);
        sgd.Groups[0].Tensors.IsPresentEverywhere(0).Should().BeTrue();
        sgd.Step().Applied.Should().BeTrue();
    }

    private static void Check<T>(OptimizerCase @case)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(8);
        var tensors = new List<(string Name, Memory<T> Value, Memory<T> Gradient, IOptimizer Alone, Memory<T> AloneValue, Memory<T> AloneGradient)>();
        IOptimizer? many = null;
        object? secondGroup = null;
        var native = new List<nint>();
        try
        {
            // Registered before the first step: 37 elements (vectors and a tail), 100, 1, 0; a second group of 19.
            Register("p", 37, group: 0);
            Register("a", 100, group: 0);
            Register("b", 1, group: 0);
            Register("e", 0, group: 0);
            Register("s", 19, group: 1);
            for (var step = 0; step < 5; step++)
            {
                if (step == 2)
                {
                    // Registered late: their own step counts (and first momentum or Rprop steps) start now.
                    Register("c", 33, group: 0, nativeMemory: true);
                    Register("d", 65, group: 1);
                }

                foreach (var tensor in tensors)
                {
                    var gradient = TestData.Uniform<T>(random, tensor.Gradient.Length, -1, 1);
                    gradient.CopyTo(tensor.Gradient);
                    gradient.CopyTo(tensor.AloneGradient);
                }

                many!.Step().Applied.Should().BeTrue();
                foreach (var tensor in tensors)
                {
                    tensor.Alone.Step();
                }
            }

            foreach (var tensor in tensors)
            {
                TestData.ShouldHaveSameBits<T>(tensor.Value.Span, tensor.AloneValue.Span, $"{@case.Name} {typeof(T).Name}: tensor {tensor.Name}");
            }
        }
        finally
        {
            foreach (var pointer in native)
            {
                Marshal.FreeHGlobal(pointer);
            }
        }

        void Register(string name, int length, int group, bool nativeMemory = false)
        {
            var initial = TestData.Uniform<T>(random, length, -2, 2);
            Memory<T> value = initial.ToArray(), gradient = new T[length];
            if (nativeMemory)
            {
                value = Native(length);
                initial.CopyTo(value);
            }

            Memory<T> aloneValue = initial.ToArray(), aloneGradient = new T[length];
            var alone = @case.Create(aloneValue, aloneGradient);
            if (many is null)
            {
                many = @case.Create(value, gradient);
                secondGroup = many.GetType().GetMethod("AddGroup")!.Invoke(many, [many.GetType().GetProperty("Options")!.GetValue(many)]);
            }
            else
            {
                var owner = group == 0 ? many : secondGroup!;
                if (many is IScheduleFreeOptimizer && tensors.Count >= 5)
                {
                    // Schedule-Free's averaging weight is the group's (as schedule_free's reference keeps it per
                    // param_group): a tensor joining a running group takes the group's weight, not a fresh one, so a
                    // late tensor is compared alone only in a group of its own.
                    owner = many.GetType().GetMethod("AddGroup")!.Invoke(many, [many.GetType().GetProperty("Options")!.GetValue(many)])!;
                }

                owner.GetType().GetMethod("Add", [typeof(string), typeof(Memory<T>), typeof(Memory<T>)])!.Invoke(owner, [name, value, gradient]);
            }

            tensors.Add((name, value, gradient, alone, aloneValue, aloneGradient));
        }

        unsafe Memory<T> Native(int length)
        {
            var pointer = Marshal.AllocHGlobal(length * sizeof(T));
            native.Add(pointer);
            return new NativeMemoryManager<T>((T*)pointer, length).Memory;
        }
    }
}
