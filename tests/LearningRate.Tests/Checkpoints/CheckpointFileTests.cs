using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Checkpoints;

/// <summary>Atomic saves: a failure during a save never damages the previous checkpoint.</summary>
public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lr-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SaveToFile_ThenLoadFromFile_RoundTrips_AndOverwrites()
    {
        var path = Path.Combine(_directory, "run.ckpt");
        var gradient = new float[5];
        var source = new Adam<float>();
        source.Add("p", new float[5], gradient);
        CheckpointTestData.Train(source, new Random(1), 2, gradient);
        Checkpoint.SaveToFile(source, path);
        CheckpointTestData.Train(source, new Random(2), 1, gradient);
        Checkpoint.SaveToFile(source, path);

        var target = CheckpointTests.Target<float>(("p", 5));
        Checkpoint.LoadFromFile(target, path);
        OptimizerSnapshot.Of<float>(target).Should().Be(OptimizerSnapshot.Of<float>(source));
        Directory.GetFiles(_directory).Should().Equal(path);
    }

    [Fact]
    public void CrashDuringSave_LeavesThePreviousCheckpointWhole_AndNoTemporaryFile()
    {
        var path = Path.Combine(_directory, "run.ckpt");
        var source = CheckpointTests.Target<double>(("p", 1000));
        source.Step();
        Checkpoint.SaveToFile(source, path);
        var previous = File.ReadAllBytes(path);

        var act = () => Checkpoint.WriteFileAtomically(path, stream =>
        {
            stream.Write(new byte[5000]);
            throw new IOException("disk full");
        });
        act.Should().Throw<IOException>().WithMessage("disk full");

        File.ReadAllBytes(path).Should().Equal(previous);
        Directory.GetFiles(_directory).Should().Equal(path);
        Checkpoint.LoadFromFile(CheckpointTests.Target<double>(("p", 1000)), path);
    }

    [Fact]
    public void LoadFromFile_Missing_ThrowsFileNotFound()
    {
        var act = () => Checkpoint.LoadFromFile(CheckpointTests.Target<float>(("p", 1)), Path.Combine(_directory, "none"));
        act.Should().Throw<FileNotFoundException>();
    }
}
