using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;
using LearningRate.Training;

namespace LearningRate.Tests.Optimizers;

/// <summary>
/// The documented promise: separate optimizers (with their clipping, accumulation and checkpoints) on separate
/// threads do not interfere, because no state is shared between instances.
/// </summary>
public class ThreadSafetyTests
{
    [Fact]
    public void SeparateOptimizers_OnSeparateThreads_MatchSequentialRuns()
    {
        var names = OptimizerCases.All.Keys.Order(StringComparer.Ordinal).ToArray();
        var sequential = names.Select(name => Run(name)).ToArray();
        var parallel = new OptimizerSnapshot[names.Length];
        var threads = names.Select((name, i) => new Thread(() => parallel[i] = Run(name))).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        parallel.Should().Equal(sequential);
    }

    private static OptimizerSnapshot Run(string name)
    {
        var @case = OptimizerCases.All[name];
        var random = new Random(name.Length);
        var gradient = new float[513];
        var optimizer = @case.Create<float>(TestData.Uniform<float>(random, 513, -1, 1), gradient);
        var accumulator = new GradientAccumulator<float>(optimizer, 2);
        for (var step = 0; step < 200; step++)
        {
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] = (float)(random.NextDouble() - 0.5);
            }

            GradientClipping.ClipSpanByNorm<float>(gradient, 5.0);
            accumulator.Accumulate();
            if (step % 50 == 49)
            {
                using var stream = new MemoryStream();
                Checkpoint.Save(optimizer, stream);
                stream.Position = 0;
                Checkpoint.Load(optimizer, stream);
            }
        }

        return OptimizerSnapshot.Of<float>(optimizer);
    }
}
